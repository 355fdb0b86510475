using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using Netmap.Interop;
using Netmap.Interop.UserSpace;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>
/// The other process of the cross-process tests: this test assembly re-run with <c>dotnet</c> and an environment
/// variable naming the role, so no helper project is needed. In the test host the variable is absent and this
/// does nothing.
/// </summary>
internal static class PeerProcess
{
    public const string RoleVariable = "NETMAP_TEST_PEER_ROLE";
    public const string DirVariable = "NETMAP_TEST_PEER_DIR";
    public const string PortVariable = "NETMAP_TEST_PEER_PORT";
    public const string CountVariable = "NETMAP_TEST_PEER_COUNT";

#pragma warning disable CA2255 // The test assembly doubles as the peer program; the initializer is its entry point.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RunIfPeer()
    {
        string? role = Environment.GetEnvironmentVariable(RoleVariable);
        if (string.IsNullOrEmpty(role))
        {
            return;
        }

        int code;
        try
        {
            var backend = new UserSpaceNetmapBackend(new UserSpaceNetmapOptions
            {
                RendezvousDirectory = Environment.GetEnvironmentVariable(DirVariable)!,
                FixOffloads = role == "holdfix",
            });
            string port = Environment.GetEnvironmentVariable(PortVariable)!;
            int count = int.Parse(Environment.GetEnvironmentVariable(CountVariable) ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            code = role switch
            {
                "send" => Send(backend, port, count),
                "hold" or "holdfix" => Hold(backend, port, count),
                "rxring" => ReceiveOnRing(backend, port, NetmapRegMode.OneNic, (uint)count),
                "hostrx" => ReceiveOnRing(backend, port, NetmapRegMode.OneSw, (uint)count),
                "idle" => Idle(backend, port, count),
                "lock" => HoldLock(Environment.GetEnvironmentVariable(DirVariable)!),
                "envdir" => OpenWithProcessWideBackend(port),
                "register" => RegisterAndReport(Environment.GetEnvironmentVariable(DirVariable)!, port),
                _ => 3,
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException)
        {
            Console.Error.WriteLine(ex);
            code = 4;
        }

        Environment.Exit(code);
    }

    /// <summary>Starts this assembly as a peer in <paramref name="role"/>.</summary>
    /// <param name="role">What the peer does.</param>
    /// <param name="dir">The rendezvous directory of the peer's own backend.</param>
    /// <param name="port">The port name the role uses.</param>
    /// <param name="count">Packets, or milliseconds, depending on the role.</param>
    /// <param name="userSpaceDir">NETMAP_USERSPACE_DIR for the peer; null leaves it unset.</param>
    /// <param name="wrapper">A command the peer runs under (e.g. setpriv and its options); null runs dotnet directly.</param>
    public static Process Start(string role, string dir, string port, int count, string? userSpaceDir = null, string[]? wrapper = null)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var psi = new ProcessStartInfo(wrapper is { Length: > 0 } ? wrapper[0] : dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (wrapper is { Length: > 0 })
        {
            foreach (string arg in wrapper[1..])
            {
                psi.ArgumentList.Add(arg);
            }

            psi.ArgumentList.Add(dotnet);
        }

        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(typeof(PeerProcess).Assembly.Location);
        psi.Environment[RoleVariable] = role;
        psi.Environment[DirVariable] = dir;
        psi.Environment[PortVariable] = port;
        psi.Environment[CountVariable] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment.Remove(NetmapBackends.UserSpaceDirectoryVariable);
        if (userSpaceDir is not null)
        {
            psi.Environment[NetmapBackends.UserSpaceDirectoryVariable] = userSpaceDir;
        }

        return Process.Start(psi) ?? throw new InvalidOperationException("cannot start the peer process");
    }

    /// <summary>
    /// Opens <paramref name="port"/> through the process-wide <see cref="NetmapBackends.UserSpace"/>: exit 0 if its
    /// region file is in $NETMAP_USERSPACE_DIR, 7 if not.
    /// </summary>
    private static int OpenWithProcessWideBackend(string port)
    {
        using UsPort p = UsPort.Open(NetmapBackends.UserSpace, port);
        string dir = Environment.GetEnvironmentVariable(NetmapBackends.UserSpaceDirectoryVariable)!;
        return System.IO.File.Exists(System.IO.Path.Combine(dir, $"mem{p.Reply.MemId}.region")) ? 0 : 7;
    }

    /// <summary>
    /// REGISTERs <paramref name="port"/> (all NIC rings) with a logging backend and prints what happened: the
    /// process's CapEff, "errno N" and every logged message. Exit 0 whatever the errno.
    /// </summary>
    private static int RegisterAndReport(string dir, string port)
    {
        var log = new Linux.LogCapture();
        using var backend = new UserSpaceNetmapBackend(new UserSpaceNetmapOptions { RendezvousDirectory = dir, Logger = log });
        foreach (string line in System.IO.File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal))
            {
                Console.WriteLine(line);
            }
        }

        int error = UsPort.TryOpen(backend, port, null, out UsPort? p);
        p?.Dispose();
        Console.WriteLine($"errno {error}");
        Console.WriteLine(log.All);
        Console.Out.Flush();
        return 0;
    }

    /// <summary>Sends <paramref name="count"/> packets carrying their sequence number, waiting in poll for room.</summary>
    private static int Send(UserSpaceNetmapBackend backend, string port, int count)
    {
        using UsPort p = UsPort.Open(backend, port);
        NetmapRing tx = p.Tx();
        for (int seq = 0; seq < count;)
        {
            if (tx.Space == 0)
            {
                if ((p.Poll(PollEvents.Out, 10_000) & PollEvents.Out) == 0)
                {
                    return 5;
                }

                continue;
            }

            Packet.Write(tx, seq++);
        }

        return p.TxSync();
    }

    /// <summary>
    /// Binds ring pair <paramref name="ring"/> of <paramref name="port"/> in <paramref name="mode"/>, says "ready",
    /// then for 3 s receives on its RX ring and prints the sequence numbers of the 40-byte UDP payloads to port
    /// 6000 it saw, comma-separated.
    /// </summary>
    private static int ReceiveOnRing(UserSpaceNetmapBackend backend, string port, NetmapRegMode mode, uint ring)
    {
        var seen = new System.Collections.Generic.List<int>();
        using (UsPort p = UsPort.Open(backend, port, (ref NmReqRegister q) => { q.Mode = (uint)mode; q.RingId = (ushort)ring; }))
        {
            Console.WriteLine("ready");
            Console.Out.Flush();
            NetmapRing rx = mode == NetmapRegMode.OneSw ? p.Rx(p.Reply.RxRings + ring) : p.Rx(ring);
            Linux.SequenceTraffic.Collect(p, rx, 6000, 40, 3000, seen);
        }

        Console.WriteLine(string.Join(",", seen));
        Console.Out.Flush();
        return 0;
    }

    /// <summary>Takes the rendezvous lock, says "ready" and waits to be killed while holding it.</summary>
    private static int HoldLock(string dir)
    {
        if (FileLock.HoldExclusive(System.IO.Path.Combine(dir, "netmap.state")) < 0)
        {
            return 7;
        }

        Console.WriteLine("ready");
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    /// <summary>Polls an idle port for <paramref name="milliseconds"/> and prints the CPU time this process used meanwhile.</summary>
    private static int Idle(UserSpaceNetmapBackend backend, string port, int milliseconds)
    {
        using UsPort p = UsPort.Open(backend, port);
        p.Poll(PollEvents.In, 0);
        TimeSpan before = Process.GetCurrentProcess().TotalProcessorTime;
        PollEvents got = p.Poll(PollEvents.In, milliseconds);
        TimeSpan used = Process.GetCurrentProcess().TotalProcessorTime - before;
        Console.WriteLine(used.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return got == PollEvents.None ? 0 : 6;
    }

    /// <summary>Binds exclusively, sends some packets, says "ready" and waits to be killed.</summary>
    private static int Hold(UserSpaceNetmapBackend backend, string port, int count)
    {
        UsPort p = UsPort.Open(backend, port, (ref NmReqRegister q) =>
        {
            q.Flags = (ulong)NetmapRegFlags.Exclusive;
            q.ExtraBufs = 2;
        });
        NetmapRing tx = p.Tx();
        for (int seq = 0; seq < count; seq++)
        {
            Packet.Write(tx, seq);
        }

        p.TxSync();
        Console.WriteLine("ready");
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite);
        GC.KeepAlive(p);
        return 0;
    }
}
