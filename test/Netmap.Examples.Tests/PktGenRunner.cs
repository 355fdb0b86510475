using System;
using System.Diagnostics;
using Netmap.PktGen;

namespace Netmap.Examples.Tests;

/// <summary>netmap-pkt-gen run in this process on its own thread, stopped through its token (the Ctrl+C path).</summary>
internal sealed class InProcessPktGen : InProcessApp
{
    private InProcessPktGen(string[] args)
        : base("netmap-pkt-gen", PktGenApp.Run, args)
    {
    }

    public static InProcessPktGen Start(params string[] args) => new(args);

    /// <summary>Runs to completion (arguments that make it exit on their own).</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunToEnd(TimeSpan timeout, params string[] args) =>
        RunToEnd(new InProcessPktGen(args), timeout, args);

    /// <summary>Waits until stderr contains <paramref name="text"/> (e.g. the worker's "reading from").</summary>
    public bool WaitFor(string text, TimeSpan timeout) =>
        Wait(() => Stderr.Contains(text, StringComparison.Ordinal) || HasExited, timeout) && !HasExited;
}

/// <summary>netmap-pkt-gen as its own process (e.g. inside a network namespace), with its own rendezvous directory.</summary>
internal sealed class PktGenProcess : ExampleProcess
{
    private PktGenProcess(Process process)
        : base(process)
    {
    }

    /// <summary>Starts the dll built next to the tests with the same dotnet host, through <c>ip netns exec</c> when <paramref name="netns"/> is set.</summary>
    public static PktGenProcess Start(string? netns, string? userSpaceDir, params string[] args) =>
        new(Launch("netmap-pkt-gen.dll", netns, userSpaceDir, args));
}
