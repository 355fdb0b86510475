using System;
using System.Diagnostics;
using Netmap.Bridge;

namespace Netmap.Examples.Tests;

/// <summary>netmap-bridge run in this process on its own thread, stopped through its token (the Ctrl+C path).</summary>
internal sealed class InProcessBridge : InProcessApp
{
    private InProcessBridge(string[] args)
        : base("netmap-bridge", BridgeApp.Run, args)
    {
    }

    public static InProcessBridge Start(params string[] args) => new(args);

    /// <summary>Runs to completion (for arguments that make it exit at once).</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunToEnd(params string[] args) =>
        RunToEnd(new InProcessBridge(args), TimeSpan.FromSeconds(30), args);

    /// <summary>Waits for "Ready to go" (or an early exit); false on time-out or exit.</summary>
    public bool WaitReady(TimeSpan timeout) => Wait(() => Stderr.Contains("Ready to go", StringComparison.Ordinal), timeout);
}

/// <summary>netmap-bridge as its own process (e.g. inside a network namespace), stopped with a real SIGINT.</summary>
internal sealed class BridgeProcess : ExampleProcess
{
    private BridgeProcess(Process process)
        : base(process)
    {
    }

    /// <summary>
    /// Starts <c>netmap-bridge</c> (the dll built next to the tests, run by the same dotnet host), optionally in
    /// network namespace <paramref name="netns"/> through <c>ip netns exec</c>, which execs it (same pid).
    /// </summary>
    public static BridgeProcess Start(string? netns, string? userSpaceDir, params string[] args) =>
        new(Launch("netmap-bridge.dll", netns, userSpaceDir, args));

    public bool WaitReady(TimeSpan timeout) =>
        InProcessApp.Wait(() => HasExited || Stderr.Contains("Ready to go", StringComparison.Ordinal), timeout) && !HasExited;

    /// <summary>Sends <paramref name="signal"/> (e.g. INT) and waits for the exit code (-1 on time-out).</summary>
    public int Signal(string signal, TimeSpan timeout)
    {
        Signal(signal);
        return WaitExit(timeout);
    }
}
