using System;
using System.Runtime.InteropServices;
using System.Threading;
using Netmap.Bridge;

// netmap-bridge: netmap's bridge tool — forward between two ports, or between an interface and its host stack.
using var stop = new CancellationTokenSource();

// As bridge.c: the first Ctrl+C (or SIGTERM) ends the loop cleanly, closing both ports; a second one, like C's
// restored SIG_DFL, kills the process at once.
void OnSignal(PosixSignalContext context)
{
    if (!stop.IsCancellationRequested)
    {
        context.Cancel = true;
        stop.Cancel();
    }
}

using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
return BridgeApp.Run(args, Console.Out, Console.Error, stop.Token);
