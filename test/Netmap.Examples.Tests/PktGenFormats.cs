using System.Text.RegularExpressions;

namespace Netmap.Examples.Tests;

/// <summary>
/// shared/netmap/notes.md §9's output formats as regular expressions. A number is ctrs.h's norm(): "%.3f" and a
/// unit (none, K, M, G, T) after a space, or with -N "%.0f" and a space.
/// </summary>
internal static partial class PktGenFormats
{
    private const string Num = @"\d+\.\d{3} [KMGT]?";
    private const string RawNum = @"\d+ ";

    // -A's average and deviation before any non-zero sample: glibc prints C's 0.0/0 as "-nan".
    private const string Stat = "(?:-nan |" + Num + ")";

    /// <summary><c>SSS.UUUUUU main_thread [2781] &lt;P&gt;pps &lt;A&gt;(&lt;N&gt;pkts &lt;B&gt;bps in &lt;U&gt; usec) &lt;R&gt; avg_batch &lt;M&gt; min_space</c>.</summary>
    [GeneratedRegex(@"^\d{3}\.\d{6} main_thread \[2781\] (?<pps>" + Num + @")pps (?<avg>\[avg/std " + Stat + "/" + Stat + @" pps\])?\((?<pkts>" + Num + @")pkts (?<bps>" + Num + @")bps in (?<usec>\d+) usec\) (?<batch>\d+\.\d{2}) avg_batch (?<min>\d+) min_space$", RegexOptions.Multiline)]
    public static partial Regex Report();

    /// <summary>The same line with -N.</summary>
    [GeneratedRegex(@"^\d{3}\.\d{6} main_thread \[2781\] (?<pps>" + RawNum + @")pps \((?<pkts>" + RawNum + @")pkts (?<bps>" + RawNum + @")bps in (?<usec>\d+) usec\) (?<batch>\d+\.\d{2}) avg_batch (?<min>\d+) min_space$", RegexOptions.Multiline)]
    public static partial Regex RawReport();

    /// <summary><c>Sent|Received &lt;P&gt; packets &lt;B&gt; bytes &lt;E&gt; events &lt;B/P&gt; bytes each in &lt;T&gt; seconds.</c></summary>
    [GeneratedRegex(@"^(?<what>Sent|Received) (?<pkts>\d+) packets (?<bytes>\d+) bytes (?<events>\d+) events (?<each>\d+) bytes each in (?<secs>-?\d+\.\d{2}) seconds\.$", RegexOptions.Multiline)]
    public static partial Regex Summary();

    /// <summary><c>Speed: &lt;P/T&gt;pps Bandwidth: &lt;8B/T&gt;bps (raw &lt;…&gt;bps). Average batch: &lt;P/E&gt; pkts</c>.</summary>
    [GeneratedRegex(@"^Speed: (?<pps>" + Num + @")pps Bandwidth: (?<bw>" + Num + @")bps \(raw (?<raw>" + Num + @")bps\)\. Average batch: (?<batch>\d+\.\d{2}) pkts$", RegexOptions.Multiline)]
    public static partial Regex Speed();

    /// <summary><c>Sending on|Receiving from &lt;ifname&gt;: &lt;Q&gt; queues, &lt;T&gt; threads and &lt;C&gt; cpus.</c></summary>
    [GeneratedRegex(@"^(?<verb>Sending on|Receiving from|Working on) (?<name>\S+): (?<queues>\d+) queues, (?<threads>\d+) threads and (?<cpus>\d+) cpus\.$", RegexOptions.Multiline)]
    public static partial Regex Startup();

    /// <summary>The sender's second line: <c>&lt;sip&gt; -&gt; &lt;dip&gt; (&lt;smac&gt; -&gt; &lt;dmac&gt;)</c>.</summary>
    [GeneratedRegex(@"^(?<sip>\S+) -> (?<dip>\S+) \((?<smac>[0-9a-fA-F:]+) -> (?<dmac>[0-9a-fA-F:]+)\)$", RegexOptions.Multiline)]
    public static partial Regex Addresses();
}
