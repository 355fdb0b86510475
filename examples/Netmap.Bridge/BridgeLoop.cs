using System;
using System.Threading;
using Netmap.Interop;

namespace Netmap.Bridge;

/// <summary>
/// bridge.c's main loop: where A has packets ask POLLOUT on B, else POLLIN on A (and the other way round); one
/// poll over both handles, 2500 ms; on POLLOUT of A move B → A, on POLLOUT of B move A → B. No TXSYNC: the next
/// poll flushes what was moved. Allocates nothing (with -v, the log lines are formatted into a reused buffer).
/// </summary>
internal sealed class BridgeLoop
{
    public const int PollTimeoutMilliseconds = 2500;

    // C's poll() returns early with EINTR on Ctrl+C. A managed signal handler cannot interrupt the poll, so the
    // 2500 ms wait is made of short polls that look at the stop token in between; only a full 2500 ms without an
    // event counts (and is logged) as a time-out.
    private const int PollSliceMilliseconds = 200;

    private readonly BridgeEndpoint _a;
    private readonly BridgeEndpoint _b;
    private readonly PacketMover _mover;
    private readonly DebugLog _log;
    private readonly int _verbose;
    private readonly uint _burst;
    private readonly INetmapBackend _backend;
    private readonly NetmapPollFd[] _fds;
    private readonly string _aToB;
    private readonly string _bToA;

    public BridgeLoop(BridgeEndpoint a, BridgeEndpoint b, PacketMover mover, BridgeOptions options, DebugLog log)
    {
        _a = a;
        _b = b;
        _mover = mover;
        _log = log;
        _verbose = options.Verbose;
        _burst = (uint)options.Burst;
        _backend = a.Port.Descriptor.Backend;
        _fds = [new NetmapPollFd(a.Port.Handle, PollEvents.None), new NetmapPollFd(b.Port.Handle, PollEvents.None)];
        _aToB = $"{a.Label} --> {b.Label}";
        _bToA = $"{b.Label} --> {a.Label}";
    }

    /// <summary>Packets moved from A to B so far.</summary>
    public long MovedAToB { get; private set; }

    /// <summary>Packets moved from B to A so far.</summary>
    public long MovedBToA { get; private set; }

    public string AToB => _aToB;

    public string BToA => _bToA;

    /// <summary>Runs until <paramref name="stop"/> fires.</summary>
    /// <exception cref="NetmapException">poll failed with something other than EINTR.</exception>
    public void Run(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            ref NetmapPollFd fa = ref _fds[0];
            ref NetmapPollFd fb = ref _fds[1];
            fa.Events = fb.Events = PollEvents.None;
            fa.Revents = fb.Revents = PollEvents.None;
            if (_a.RxSlotsAvailable() != 0)
            {
                fb.Events |= PollEvents.Out;
            }
            else
            {
                fa.Events |= PollEvents.In;
            }

            if (_b.RxSlotsAvailable() != 0)
            {
                fa.Events |= PollEvents.Out;
            }
            else
            {
                fb.Events |= PollEvents.In;
            }

            int ret = Poll(stop);
            if (ret <= 0 || _verbose > 0)
            {
                LogPoll(ret, fa, fb);
            }

            if (ret < 0)
            {
                continue;
            }

            if ((fa.Revents & PollEvents.Err) != 0)
            {
                (uint h, uint c, uint t) = _a.FirstRxPointers();
                _log.D("main", $"error on fd0, rx [{h},{c},{t})");
            }

            if ((fb.Revents & PollEvents.Err) != 0)
            {
                (uint h, uint c, uint t) = _b.FirstRxPointers();
                _log.D("main", $"error on fd1, rx [{h},{c},{t})");
            }

            if ((fa.Revents & PollEvents.Out) != 0)
            {
                MovedBToA += _mover.MovePorts(_b, _a, _burst, _bToA);
            }

            if ((fb.Revents & PollEvents.Out) != 0)
            {
                MovedAToB += _mover.MovePorts(_a, _b, _burst, _aToB);
            }
        }
    }

    /// <summary>poll() over both handles: the number of ready handles, 0 on time-out, -1 when stopped (C: EINTR).</summary>
    /// <remarks>
    /// A signal interrupts the wait (EINTR) before the managed handler has set the stop token, so EINTR alone is
    /// retried; the token decides, which keeps C's single "poll timeout" line on Ctrl+C.
    /// </remarks>
    private int Poll(CancellationToken stop)
    {
        long deadline = Environment.TickCount64 + PollTimeoutMilliseconds;
        while (true)
        {
            int left = (int)(deadline - Environment.TickCount64);
            if (left <= 0)
            {
                return 0;
            }

            int error = _backend.Poll(_fds, Math.Min(left, PollSliceMilliseconds), out int ready);
            if (stop.IsCancellationRequested)
            {
                return -1;
            }

            if (error != 0 && error != Errno.EINTR)
            {
                throw new NetmapException(NetmapStep.Poll, error, $"{_a.Port.Name} and {_b.Port.Name}");
            }

            if (ready > 0)
            {
                return ready;
            }
        }
    }

    private void LogPoll(int ret, in NetmapPollFd fa, in NetmapPollFd fb) =>
        _log.D("main", $"poll {(ret <= 0 ? "timeout" : "ok")} [0] ev {(int)fa.Events:x} {(int)fa.Revents:x} rx {_a.RxSlotsAvailable()}@{_a.FirstRxPointers().Head} tx {_a.TxSlotsAvailable()}, [1] ev {(int)fb.Events:x} {(int)fb.Revents:x} rx {_b.RxSlotsAvailable()}@{_b.FirstRxPointers().Head} tx {_b.TxSlotsAvailable()}");
}
