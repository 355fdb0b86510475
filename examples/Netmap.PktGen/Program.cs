using System.Runtime.InteropServices;
using System.Threading;
using Netmap.PktGen;

// netmap-pkt-gen: netmap's pkt-gen — a multi-threaded packet source/sink on netmap ports.
using var stop = new CancellationTokenSource();

// pkt-gen.c keeps its SIGINT handler installed: every Ctrl+C only asks the threads to stop, so the run always ends
// with the summary. SIGTERM is treated the same way (the C tool would die without one).
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
return PktGenApp.Run(args, System.Console.Out, System.Console.Error, stop.Token);
