using System;
using System.Globalization;
using System.IO;
using System.Threading;

namespace Netmap.PktGen;

/// <summary>
/// pkt-gen.c's <c>main_thread</c> and <c>tx_output</c>: every report interval, one line on stderr with the rates
/// since the last one; when every worker has returned, join them, close their ports and print the summary on
/// stdout. Runs on the calling thread; it only reads the workers' counters (and resets their min_space).
/// </summary>
internal sealed class Reporter(PktGenOptions options, PktGenThread[] threads, PktGenLog log, TextWriter stdout)
{
    private const int StatsWindow = 15;
    private readonly long[] _window = new long[StatsWindow];
    private int _windowIndex;

    /// <summary>Reports until all threads are done, then prints the summary.</summary>
    /// <param name="interrupt">Cut short the current wait once (C: the select() that Ctrl+C interrupts).</param>
    public void Run(WaitHandle interrupt)
    {
        long prevPkts = 0, prevBytes = 0, prevEvents = 0;
        DateTime prevTime = DateTime.UtcNow;
        bool interrupted = false;
        while (true)
        {
            if (!interrupted && interrupt.WaitOne(Math.Max(0, options.ReportMilliseconds)))
            {
                interrupted = true;
            }
            else if (interrupted)
            {
                Thread.Sleep(Math.Max(0, options.ReportMilliseconds));
            }

            DateTime now = DateTime.UtcNow;
            long usec = (now.Ticks - prevTime.Ticks) / 10;
            if (usec < 10000)
            {
                continue; // too short to be meaningful
            }

            long pkts = 0, bytes = 0, events = 0, minSpace = 0;
            int done = 0;
            foreach (PktGenThread t in threads)
            {
                pkts += t.Pkts;
                bytes += t.Bytes;
                events += t.Events;
                minSpace += t.MinSpace;
                t.MinSpace = 99999;
                if (!t.Used)
                {
                    done++;
                }
            }

            long dp = pkts - prevPkts, db = bytes - prevBytes, de = events - prevEvents;
            log.Writer.Write(PktGenLog.Prefix(now, "main_thread", PktGenLog.ReportLine) + ReportLine(dp, db, de, usec, minSpace) + "\n");
            (prevPkts, prevBytes, prevEvents, prevTime) = (pkts, bytes, events, now);
            if (done == threads.Length)
            {
                break;
            }
        }

        Summary();
    }

    /// <summary>
    /// The message of one report: <c>&lt;P&gt;pps &lt;A&gt;(&lt;N&gt;pkts &lt;B&gt;bps in &lt;U&gt; usec) &lt;R&gt; avg_batch &lt;M&gt; min_space</c>.
    /// </summary>
    public string ReportLine(long dpkts, long dbytes, long devents, long usec, long minSpace)
    {
        long pps = (dpkts * 1000000 + usec / 2) / usec;
        double batch = devents > 0 ? dpkts / (double)devents : 0;
        string stats = "";
        if (options.PpsStats)
        {
            _window[_windowIndex] = pps;
            _windowIndex = (_windowIndex + 1) % StatsWindow;
            double avg = 0, dev = 0;
            int samples = 0;
            foreach (long w in _window)
            {
                avg += w;
                samples += w != 0 ? 1 : 0;
            }

            avg /= samples;
            foreach (long w in _window)
            {
                dev += w == 0 ? 0 : (w - avg) * (w - avg);
            }

            dev = Math.Sqrt(dev / samples);
            stats = $"[avg/std {Norm(avg)}/{Norm(dev)} pps]";
        }

        double bps = 1000000 * ((double)dbytes * 8 + (double)dpkts * options.Framing) / usec;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Norm(pps)}pps {stats}({Norm(dpkts)}pkts {Norm(bps)}bps in {usec} usec) {batch:F2} avg_batch {minSpace} min_space");
    }

    /// <summary>tx_output: the two summary lines (or "Sent nothing.").</summary>
    public static string Summary(string message, long pkts, long bytes, long events, double seconds, int framing, bool normalize)
    {
        if (pkts == 0)
        {
            return $"{message} nothing.\n";
        }

        long size = bytes / pkts;
        string first = string.Create(CultureInfo.InvariantCulture,
            $"{message} {pkts} packets {bytes} bytes {events} events {size} bytes each in {seconds:F2} seconds.\n");
        if (seconds == 0)
        {
            seconds = 1e-6;
        }

        double pps = pkts / seconds, bw = 8.0 * bytes / seconds, raw = (8.0 * bytes + (double)pkts * framing) / seconds;
        string batch = events == 0 ? "inf" : (pkts / (double)events).ToString("F2", CultureInfo.InvariantCulture);
        return first + $"Speed: {UnitFormat.Norm(pps, normalize)}pps Bandwidth: {UnitFormat.Norm(bw, normalize)}bps " +
            $"(raw {UnitFormat.Norm(raw, normalize)}bps). Average batch: {batch} pkts\n";
    }

    private string Norm(double value) => UnitFormat.Norm(value, options.Normalize);

    private void Summary()
    {
        long pkts = 0, bytes = 0, events = 0;
        DateTime tic = default, toc = default;
        for (int i = 0; i < threads.Length; i++)
        {
            PktGenThread t = threads[i];
            t.Thread?.Join();
            t.Port.Dispose();
            if (!t.Completed)
            {
                log.D("main_thread", $"ouch, thread {i} exited with error");
            }

            pkts += t.Pkts;
            bytes += t.Bytes;
            events += t.Events;
            // The latest start and the latest end, as C (which notes that the earliest start might be fairer).
            tic = t.Tic > tic ? t.Tic : tic;
            toc = t.Toc > toc ? t.Toc : toc;
        }

        // C subtracts timevals: whole microseconds.
        double seconds = (toc.Ticks / 10 - tic.Ticks / 10) / 1e6;
        if (options.Type == ThreadType.Sender)
        {
            stdout.Write(Summary("Sent", pkts, bytes, events, seconds, options.Framing, options.Normalize));
        }
        else if (options.Type == ThreadType.Receiver)
        {
            stdout.Write(Summary("Received", pkts, bytes, events, seconds, options.Framing, options.Normalize));
        }

        stdout.Flush();
    }
}
