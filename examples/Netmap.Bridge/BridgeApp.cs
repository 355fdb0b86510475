using System;
using System.IO;
using System.Threading;
using Netmap.Interop;

namespace Netmap.Bridge;

/// <summary>
/// netmap's <c>bridge</c> (apps/bridge/bridge.c): forwards between two ports, or between an interface and its
/// host stack. Messages go to <paramref name="stderr"/> in netmap's D() format, as the C tool prints them; beyond
/// the C tool, the totals moved each way (and what was left unmoved) go to stdout at exit.
/// </summary>
internal static class BridgeApp
{
    /// <summary>Runs the bridge with <paramref name="args"/> until <paramref name="stop"/> fires.</summary>
    /// <returns>The exit code: 0 after a clean stop, 1 for bad input or a port netmap refused.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var log = new DebugLog(stderr);
        BridgeOptions? options = BridgeArguments.Parse(args, log, stderr, out int exitCode);
        if (options is null)
        {
            return exitCode;
        }

        string nameA = options.PortA, nameB = options.PortB ?? options.PortA;
        if (nameA == nameB)
        {
            if (!options.Loopback)
            {
                log.D("main", "same interface, endpoint 0 goes to host");
                nameA += "^";
            }
            else
            {
                log.D("main", "same interface, loopbacking traffic");
            }
        }

        BridgeEndpoint? a = Open(nameA, log, stderr);
        if (a is null)
        {
            return 1;
        }

        using (a)
        {
            BridgeEndpoint? b = Open(nameB, log, stderr);
            if (b is null)
            {
                return 1;
            }

            using (b)
            {
                return Bridge(a, b, options, log, stdout, stderr, stop);
            }
        }
    }

    private static int Bridge(BridgeEndpoint a, BridgeEndpoint b, BridgeOptions options, DebugLog log,
        TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        // One poll() covers both handles, so both must live in the same netmap (they do unless one was forced).
        if (!ReferenceEquals(a.Port.Descriptor.Backend, b.Port.Descriptor.Backend))
        {
            stderr.WriteLine($"{a.Port.Name} and {b.Port.Name} are in different netmaps ({a.Port.Backend}, {b.Port.Backend}); one poll cannot wait on both.");
            return 1;
        }

        bool zeroCopy = !options.NoZeroCopy && a.Port.MemId == b.Port.MemId;
        log.D("main", $"------- zerocopy {(zeroCopy ? "" : "NOT ")}supported");
        log.D("main", $"Wait {options.WaitSeconds} secs for link to come up...");
        stop.WaitHandle.WaitOne(TimeSpan.FromSeconds(options.WaitSeconds));
        log.D("main", $"Ready to go, {a.KernelName} 0x{a.FirstRxRing:x}/{a.Port.RxRingCount} <-> {b.KernelName} 0x{b.FirstRxRing:x}/{b.Port.RxRingCount}.");

        var loop = new BridgeLoop(a, b, new PacketMover(zeroCopy, options.Verbose, log), options, log);
        int status = 0;
        try
        {
            loop.Run(stop);
        }
        catch (NetmapException e)
        {
            stderr.WriteLine(e.Message);
            status = 1;
        }

        (long leftA, long leftB) = Settle(a, b);
        stdout.WriteLine(
            $"netmap-bridge: {loop.AToB} {loop.MovedAToB} packets (+{leftA} left in RX rings), " +
            $"{loop.BToA} {loop.MovedBToA} packets (+{leftB} left in RX rings)");
        return status;
    }

    /// <summary>
    /// Beyond bridge.c, which closes with the last moves still unsynced: hand what was moved to netmap (TXSYNC),
    /// then RXSYNC so the RX rings show everything that reached the bridge, and count what stays unmoved in them.
    /// </summary>
    private static (long LeftA, long LeftB) Settle(BridgeEndpoint a, BridgeEndpoint b)
    {
        foreach (BridgeEndpoint e in (ReadOnlySpan<BridgeEndpoint>)[a, b])
        {
            try
            {
                e.Port.TxSync();
                e.Port.RxSync();
            }
            catch (NetmapException)
            {
                // The port is failing (e.g. its interface went away); what its rings hold is still reported.
            }
        }

        return (a.RxSlotsAvailable(), b.RxSlotsAvailable());
    }

    private static BridgeEndpoint? Open(string name, DebugLog log, TextWriter stderr)
    {
        try
        {
            return BridgeEndpoint.Open(name);
        }
        catch (NetmapException e)
        {
            log.D("main", $"cannot open {name}");
            stderr.WriteLine(e.Message);
            return null;
        }
    }
}
