using System;
using Netmap.Interop;

namespace Netmap.PktGen;

/// <summary>What one round of poll() told a TX body (<see cref="TxLoop.Poll"/>).</summary>
internal enum TxPoll
{
    /// <summary>Fill the rings (also after a logged time-out, as in C).</summary>
    Ready,

    /// <summary>Stopped meanwhile: leave the loop and end the run as usual.</summary>
    Stopped,

    /// <summary>POLLERR, logged: the body gives up at once (<see cref="PktGenThread.Used"/> already cleared).</summary>
    Failed,
}

/// <summary>
/// What tx (<see cref="SenderBody"/>) and txseq (<see cref="TxSeqBody"/>) share: the (paced) start of the measured
/// interval, the poll(POLLOUT, 2 s) that opens each round and the end of a run. Plain static methods:
/// nothing here allocates or dispatches through an interface.
/// </summary>
internal static class TxLoop
{
    private const int PollTimeoutMilliseconds = 2000;

    /// <summary>
    /// Starts the measured interval (<see cref="PktGenThread.Tic"/>): now, or with -R the whole second 1-2 s from
    /// now, waited for. Returns when the first paced burst is due (default without -R).
    /// </summary>
    public static DateTime Start(PktGenThread t)
    {
        t.Tic = DateTime.UtcNow;
        if (t.Options.Rate <= 0)
        {
            return default;
        }

        t.Tic = RateClock.PacedStart(t.Tic);
        RateClock.WaitUntil(t.Tic, t);
        return t.Tic;
    }

    /// <summary>One round's poll(POLLOUT): a time-out is logged and the round goes on, as in C.</summary>
    public static TxPoll Poll(PktGenThread t, PktGenLog log, string function)
    {
        int rv = t.Poll(PollEvents.Out, PollTimeoutMilliseconds, out PollEvents revents);
        if (rv <= 0)
        {
            if (t.Cancel)
            {
                return TxPoll.Stopped;
            }

            log.D(function, $"poll error on queue {t.Me}: timeout");
        }

        if ((revents & PollEvents.Err) != 0)
        {
            log.D(function, $"poll error on {t.Fd} ring {t.FirstTxRing}-{t.LastTxRing}");
            t.Used = false;
            return TxPoll.Failed;
        }

        return TxPoll.Ready;
    }

    /// <summary>
    /// The end of a run that left its loop: with -v what the loop allocated since <paramref name="allocatedAtStart"/>
    /// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>), the flush, the closing time and the final counters.
    /// </summary>
    public static void Finish(PktGenThread t, PktGenLog log, RateLimit pending, string function, long allocatedAtStart, long sent, long bytes, long events)
    {
        t.ReportLoopAllocations(log, function, GC.GetAllocatedBytesForCurrentThread() - allocatedAtStart, sent);
        t.FlushTx(log, pending, function);
        t.Toc = DateTime.UtcNow;
        t.Completed = true;
        t.Publish(sent, bytes, events);
        t.Used = false;
    }
}
