using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using Netmap.Interop;
using Netmap.Sdk;

namespace Netmap.PktGen;

/// <summary>
/// netmap's <c>pkt-gen</c> (apps/pkt-gen/pkt-gen.c): main() — parse, open the port, print the startup line, open
/// one handle per thread, wait for the link, run the workers and report until they are done. Exit codes as C:
/// 0 after a run (even one ended by Ctrl+C), 255 (<c>usage(-1)</c>) for bad input or a port that cannot be
/// opened, 1 when a per-thread port cannot be opened.
/// </summary>
internal static class PktGenApp
{
    /// <summary>Runs pkt-gen with <paramref name="args"/>; <paramref name="stop"/> is Ctrl+C.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var log = new PktGenLog(stderr);
        PktGenOptions? options = PktGenArguments.Parse(args, log, out int exitCode);
        if (options is null)
        {
            return exitCode;
        }

        NetmapPort? main = OpenMain(options, log, stderr);
        if (main is null)
        {
            log.D("main", "aborting");
            stderr.Write(PktGenArguments.Usage + "\n");
            return PktGenArguments.UsageExitCode;
        }

        bool sender = options.Type == ThreadType.Sender;
        int queues = sender ? main.TxRingCount + main.HostTxRingCount : main.RxRingCount + main.HostRxRingCount;
        if (options.Threads > queues)
        {
            log.D("main", $"bad nthreads {options.Threads}, have {queues} queues"); // as C: fails later, at open
        }

        if (sender && Mtu(options.PortName, main.Spec, log) is int mtu && mtu > 0 && options.PacketSize > mtu)
        {
            log.D("main", $"pkt_size ({options.PacketSize}) must be <= mtu ({mtu})");
            main.Dispose();
            return PktGenArguments.UsageExitCode;
        }

        string verb = sender ? "Sending on" : options.Type == ThreadType.Receiver ? "Receiving from" : "Working on";
        stdout.Write($"{verb} {options.PortName}: {queues} queues, {options.Threads} threads and {options.Cpus} cpus.\n");
        if (sender)
        {
            stdout.Write($"{options.Source.Name} -> {options.Destination.Name} ({options.SourceMac.Name} -> {options.DestinationMac.Name})\n");
        }

        stdout.Flush();
        options = Paced(options, log);
        PktGenThread[]? threads = StartThreads(options, main, log, stderr);
        if (threads is null)
        {
            return 1;
        }

        return RunThreads(options, threads, log, stdout, stop);
    }

    private static int RunThreads(PktGenOptions options, PktGenThread[] threads, PktGenLog log, TextWriter stdout, CancellationToken stop)
    {
        using CancellationTokenRegistration onStop = stop.Register(() =>
        {
            log.D("sigint_h", $"received control-C on thread 0x{Environment.CurrentManagedThreadId:x}");
            foreach (PktGenThread t in threads)
            {
                t.Cancel = true;
            }
        });

        // As C: the link wait happens before the workers start; Ctrl+C during it ends the run right away.
        log.D("start_threads", $"Wait {options.WaitSeconds} secs for phy reset");
        stop.WaitHandle.WaitOne(TimeSpan.FromSeconds(Math.Max(0, options.WaitSeconds)));
        log.D("start_threads", "Ready...");
        var dump = new TextSink(stdout);
        foreach (PktGenThread t in threads)
        {
            ThreadStart body = options.Function switch
            {
                PktGenFunction.Tx => new SenderBody(t, log, dump).RunTx,
                PktGenFunction.TxSeq => new TxSeqBody(t, log, dump).RunTxSeq,
                PktGenFunction.RxSeq => new ReceiverBody(t, log, dump).RunRxSeq,
                PktGenFunction.Ping => new PingPongBody(t, log).RunPing,
                PktGenFunction.Pong => new PingPongBody(t, log).RunPong,
                _ => new ReceiverBody(t, log, dump).RunRx,
            };
            t.Thread = new Thread(() => Guard(t, body, log)) { IsBackground = true, Name = $"pkt-gen {t.Me}" };
            t.Thread.Start();
        }

        new Reporter(options, threads, log, stdout).Run(stop.WaitHandle);
        return 0;
    }

    // A worker that fails (its interface disappears, or anything else it did not expect) ends like C's "goto quit":
    // logged, not completed, the run goes on. An exception escaping a thread would end the whole process instead.
    internal static void Guard(PktGenThread t, ThreadStart body, PktGenLog log)
    {
        try
        {
            body();
        }
        catch (NetmapException e)
        {
            log.D("main_thread", $"thread {t.Me}: {e.Message}");
        }
        catch (Exception e)
        {
            log.D("main_thread", $"thread {t.Me}: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            t.Used = false;
        }
    }

    /// <summary>-R: cut the burst to rate/300 (at least 1), so something goes out every few milliseconds.</summary>
    private static PktGenOptions Paced(PktGenOptions options, PktGenLog log)
    {
        int burst = options.Burst;
        long periodNs = 0;
        if (options.Rate > 0)
        {
            burst = Math.Max(1, Math.Min(burst, options.Rate / 300));
            periodNs = 1_000_000_000L * burst / options.Rate;
        }

        if (options.Type == ThreadType.Sender)
        {
            log.D("main", string.Create(CultureInfo.InvariantCulture,
                $"Sending {burst} packets every  {periodNs / 1_000_000_000}.{periodNs % 1_000_000_000:D9} s"));
        }

        return options with { Burst = burst };
    }

    /// <summary>
    /// The main handle. With more than one thread it binds ring 0 only (libnetmap name with <c>-0</c>, or
    /// <c>^0</c> for host rings), as pkt-gen switches ALL_NIC/NIC_SW to ONE_NIC and SW to ONE_SW.
    /// </summary>
    private static NetmapPort? OpenMain(PktGenOptions options, PktGenLog log, TextWriter stderr)
    {
        try
        {
            return NetmapPort.Open(options.Threads > 1 ? RingName(options.PortName, 0, 0) : options.PortName);
        }
        catch (NetmapException e)
        {
            log.D("main", $"Unable to open {options.PortName}: {e.Message}");
            stderr.Flush();
            return null;
        }
    }

    /// <summary>The name thread <paramref name="i"/> opens: ring i of the port (host ring i - nic once past the NIC rings of a NIC+host name).</summary>
    internal static string RingName(string name, int i, int nicRings)
    {
        NetmapPortSpec spec = NetmapPortName.Parse(name);
        NetmapPortSpec one = spec.Mode switch
        {
            NetmapRegMode.NicSw when nicRings > 0 && i >= nicRings => spec with { Mode = NetmapRegMode.OneSw, RingId = (ushort)(i - nicRings) },
            NetmapRegMode.AllNic or NetmapRegMode.NicSw => spec with { Mode = NetmapRegMode.OneNic, RingId = (ushort)i },
            NetmapRegMode.Sw => spec with { Mode = NetmapRegMode.OneSw, RingId = (ushort)i },
            NetmapRegMode.OneNic or NetmapRegMode.OneSw => spec with { RingId = (ushort)i }, // C sets nr_ringid for every mode
            _ => spec,
        };
        return NetmapPortName.Format(one);
    }

    private static PktGenThread[]? StartThreads(PktGenOptions options, NetmapPort main, PktGenLog log, TextWriter stderr)
    {
        var threads = new List<PktGenThread>();
        int mainFd = main.Handle.FileDescriptor;
        bool nicAndHost = NetmapPortName.Parse(options.PortName).Mode == NetmapRegMode.NicSw;
        int nicRings = options.Type == ThreadType.Receiver ? main.RxRingCount : main.TxRingCount;
        ulong seed = (ulong)DateTime.UtcNow.Ticks;
        for (int i = 0; i < options.Threads; i++)
        {
            NetmapPort port = main;
            if (i > 0)
            {
                string name = RingName(options.PortName, i, nicAndHost ? nicRings : 0);
                try
                {
                    port = NetmapPort.Open(name);
                }
                catch (NetmapException e)
                {
                    stderr.Write($"{e.Message}\n");
                    log.D("start_threads", $"Unable to open {name} for thread {i}");
                    foreach (PktGenThread t in threads)
                    {
                        t.Port.Dispose();
                    }

                    return null;
                }
            }

            int affinity = options.Affinity >= 0 ? (options.Affinity + i) % options.Cpus : -1;
            threads.Add(new PktGenThread(i, port, mainFd, affinity, options, new PacketTemplate(options, seed + (ulong)i * 0x9E3779B97F4A7C15UL)));
        }

        return [.. threads];
    }

    /// <summary>
    /// get_if_mtu: for a <c>netmap:</c> interface (not a pipe) its MTU; 65536 for pipes and VALE ports; 0 when
    /// unknown (then C skips the check).
    /// </summary>
    private static int? Mtu(string ifname, NetmapPortSpec spec, PktGenLog log)
    {
        if (!ifname.StartsWith("netmap:", StringComparison.Ordinal) || spec.IsPipe)
        {
            return 65536;
        }

        string path = Path.Combine("/sys/class/net", spec.Name, "mtu");
        try
        {
            return int.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            log.D("get_if_mtu", $"ioctl(SIOCGIFMTU) failed: {e.Message}");
            return 0;
        }
    }
}
