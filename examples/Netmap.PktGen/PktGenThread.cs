using System;
using System.Threading;
using Netmap.Interop;
using Netmap.Sdk;

namespace Netmap.PktGen;

/// <summary>
/// pkt-gen.c's <c>struct targ</c>: one worker thread, its own port handle (thread 0 shares main's, as in C) and
/// the counters the reporting thread samples. The worker is the only writer of the counters; the reporter reads
/// them (and resets <see cref="MinSpace"/>, as C's main_thread does) with plain volatile accesses — no lock.
/// </summary>
internal sealed unsafe class PktGenThread
{
    // C's poll() in a worker is not interrupted by Ctrl+C (SIGINT goes to the main thread); waits are cut into
    // slices so a stop is seen within this time without changing what a time-out means.
    private const int PollSliceMilliseconds = 100;

    private readonly nint[] _tx;
    private readonly nint[] _rx;
    private readonly NetmapPollFd[] _fds;
    private readonly INetmapBackend _backend;
    private long _pkts, _bytes, _events, _minSpace;
    private volatile bool _cancel;
    private volatile bool _used = true;
    private volatile bool _completed;

    public PktGenThread(int me, NetmapPort port, int mainFd, int affinity, PktGenOptions options, PacketTemplate packet)
    {
        Me = me;
        Port = port;
        MainFd = mainFd;
        Affinity = affinity;
        Options = options;
        Packet = packet;
        NetmapPortDescriptor d = port.Descriptor;
        NetmapIf nifp = d.Interface;
        _tx = new nint[Math.Max(0, d.LastTxRing - d.FirstTxRing + 1)];
        for (int i = 0; i < _tx.Length; i++)
        {
            _tx[i] = nifp.TxRing((uint)(d.FirstTxRing + i)).Address;
        }

        _rx = new nint[Math.Max(0, d.LastRxRing - d.FirstRxRing + 1)];
        for (int i = 0; i < _rx.Length; i++)
        {
            _rx[i] = nifp.RxRing((uint)(d.FirstRxRing + i)).Address;
        }

        _backend = d.Backend;
        _fds = [new NetmapPollFd(port.Handle, PollEvents.None)];
    }

    public int Me { get; }

    public NetmapPort Port { get; }

    public int Fd => Port.Handle.FileDescriptor;

    public int MainFd { get; }

    public int Affinity { get; }

    public PktGenOptions Options { get; }

    public PacketTemplate Packet { get; }

    public Thread? Thread { get; set; }

    public int TxRingCount => _tx.Length;

    public int RxRingCount => _rx.Length;

    public int FirstTxRing => Port.Descriptor.FirstTxRing;

    public int LastTxRing => Port.Descriptor.LastTxRing;

    /// <summary>Set by Ctrl+C (C's <c>targ->cancel</c>).</summary>
    public bool Cancel
    {
        get => _cancel;
        set => _cancel = value;
    }

    /// <summary>False once the body returned, for whatever reason (C's <c>used</c>).</summary>
    public bool Used
    {
        get => _used;
        set => _used = value;
    }

    /// <summary>True when the body ran to its end rather than quitting on an error (C's <c>completed</c>).</summary>
    public bool Completed
    {
        get => _completed;
        set => _completed = value;
    }

    /// <summary>Start of the measured interval (wall clock, as C's CLOCK_REALTIME); default if it never started.</summary>
    public DateTime Tic { get; set; }

    public DateTime Toc { get; set; }

    public long Pkts => Volatile.Read(ref _pkts);

    public long Bytes => Volatile.Read(ref _bytes);

    public long Events => Volatile.Read(ref _events);

    /// <summary>Interval minimum of kernel-owned RX slots (rx only); the reporter sets it back to 99999.</summary>
    public long MinSpace
    {
        get => Volatile.Read(ref _minSpace);
        set => Volatile.Write(ref _minSpace, value);
    }

    public NetmapRing Tx(int k) => new((void*)_tx[k]);

    public NetmapRing Rx(int k) => new((void*)_rx[k]);

    /// <summary>Publishes the counters (C: <c>targ->ctr = cur</c>), once per batch.</summary>
    public void Publish(long pkts, long bytes, long events)
    {
        Volatile.Write(ref _pkts, pkts);
        Volatile.Write(ref _bytes, bytes);
        Volatile.Write(ref _events, events);
    }

    /// <summary>
    /// poll() on this thread's handle for up to <paramref name="timeoutMilliseconds"/>: the number of ready handles
    /// (1), 0 on time-out, -1 when stopped (<see cref="Cancel"/>) meanwhile; <paramref name="revents"/> as poll's.
    /// </summary>
    /// <exception cref="NetmapException">poll failed (not EINTR).</exception>
    public int Poll(PollEvents events, int timeoutMilliseconds, out PollEvents revents)
    {
        long deadline = Environment.TickCount64 + timeoutMilliseconds;
        ref NetmapPollFd fd = ref _fds[0];
        while (true)
        {
            fd.Events = events;
            fd.Revents = PollEvents.None;
            int left = (int)Math.Max(0, deadline - Environment.TickCount64);
            int error = _backend.Poll(_fds, Math.Min(left, PollSliceMilliseconds), out int ready);
            revents = fd.Revents;
            if (error != 0 && error != Errno.EINTR)
            {
                throw new NetmapException(NetmapStep.Poll, error, Port.Name);
            }

            if (ready > 0)
            {
                return ready;
            }

            if (_cancel)
            {
                return -1;
            }

            if (left <= PollSliceMilliseconds)
            {
                return 0;
            }
        }
    }

    /// <summary>
    /// Beyond pkt-gen.c, with -v: what the thread's packet loop allocated (managed bytes, this thread only), so
    /// "nothing per packet" can be checked on a real run.
    /// </summary>
    public void ReportLoopAllocations(PktGenLog log, string function, long bytes, long packets)
    {
        if (Options.Verbose > 0)
        {
            log.D(function, $"loop allocated {bytes} bytes for {packets} packets");
        }
    }

    /// <summary>setaffinity(): pins this thread to <see cref="Affinity"/> (-1: not pinned); false if refused.</summary>
    public bool SetAffinity(PktGenLog log)
    {
        if (Affinity < 0)
        {
            return true;
        }

        try
        {
            CpuAffinity.PinCurrentThread(Affinity);
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
        {
            log.D("setaffinity", $"Unable to set affinity: {e.Message}");
            return false;
        }
    }

    /// <summary>The end of tx and txseq (C: "flush any remaining packets"): TXSYNC what is queued, then TXSYNC until the rings have nothing pending.</summary>
    public void FlushTx(PktGenLog log, RateLimit pending, string function)
    {
        NetmapRing first = Tx(0);
        log.D(function, $"flush tail {first.Tail} head {first.Head} on thread 0x{Environment.CurrentManagedThreadId:x}");
        try
        {
            Port.TxSync();
            for (int k = 0; k < TxRingCount; k++)
            {
                while (!Cancel && Tx(k).TxPending)
                {
                    NetmapRing ring = Tx(k);
                    log.RD(pending, function, $"pending tx tail {ring.Tail} head {ring.Head} on ring {FirstTxRing + k}");
                    Port.TxSync();
                    Thread.Sleep(1); // C: usleep(1), "wait 1 tick"
                }
            }
        }
        catch (NetmapException e)
        {
            log.D(function, e.Message);
        }
    }
}
