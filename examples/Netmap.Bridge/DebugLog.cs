using System;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;

namespace Netmap.Bridge;

/// <summary>
/// netmap's <c>D()</c> macro: <c>SSS.UUUUUU function [line] message</c> on stderr, SSS = seconds mod 1000 and
/// UUUUUU = microseconds of the wall clock. Messages are formatted into a reusable buffer so that the per-poll
/// lines of <c>-v</c> allocate nothing in the forwarding loop. One thread writes (the bridge's), so the buffers
/// need no lock.
/// </summary>
internal sealed class DebugLog(TextWriter writer)
{
    private readonly char[] _message = new char[1024];
    private readonly char[] _line = new char[1200];

    internal Span<char> Scratch => _message;

    /// <summary>
    /// Writes one line (an interpolated message, formatted without allocating). <paramref name="function"/> is the
    /// bridge.c function whose D() this is (<c>main</c>, <c>rings_move</c>), as C's <c>__FUNCTION__</c> prints it.
    /// </summary>
    public void D(string function, [InterpolatedStringHandlerArgument("")] ref DebugLine message,
        [CallerLineNumber] int line = 0)
    {
        bool fits = message.TryFinish(out int length);
        Write(fits ? _message.AsSpan(0, length) : "(message too long)", function, line);
    }

    /// <summary>Writes one line with a constant message.</summary>
    public void D(string function, string message, [CallerLineNumber] int line = 0) =>
        Write(message, function, line);

    /// <summary>netmap's <c>RD(lps, …)</c>: like <see cref="D(string, ref DebugLine, int)"/>, at most <paramref name="limit"/>'s lines per second.</summary>
    public void RD(RateLimit limit, string function, [InterpolatedStringHandlerArgument("")] ref DebugLine message,
        [CallerLineNumber] int line = 0)
    {
        if (limit.Allow())
        {
            D(function, ref message, line);
        }
    }

    private void Write(ReadOnlySpan<char> message, string function, int line)
    {
        long ticks = DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks;
        long seconds = ticks / TimeSpan.TicksPerSecond;
        long micros = ticks % TimeSpan.TicksPerSecond / 10;
        Span<char> text = _line;
        if (!text.TryWrite(CultureInfo.InvariantCulture, $"{seconds % 1000:D3}.{micros:D6} {function} [{line}] ", out int n)
            || n + message.Length + 1 > text.Length)
        {
            writer.WriteLine($"{seconds % 1000:D3}.{micros:D6} {function} [{line}] {message.ToString()}");
            return;
        }

        message.CopyTo(text[n..]);
        n += message.Length;
        text[n++] = '\n';
        writer.Write(text[..n]);
    }
}

/// <summary>Formats an interpolated message straight into the <see cref="DebugLog"/>'s buffer.</summary>
[InterpolatedStringHandler]
internal ref struct DebugLine
{
    private readonly Span<char> _destination;
    private MemoryExtensions.TryWriteInterpolatedStringHandler _inner;

    public DebugLine(int literalLength, int formattedCount, DebugLog log, out bool shouldAppend)
    {
        _destination = log.Scratch;
        _inner = new MemoryExtensions.TryWriteInterpolatedStringHandler(
            literalLength, formattedCount, _destination, CultureInfo.InvariantCulture, out shouldAppend);
    }

    public bool AppendLiteral(string value) => _inner.AppendLiteral(value);

    public bool AppendFormatted<T>(T value) => _inner.AppendFormatted(value);

    public bool AppendFormatted<T>(T value, string? format) => _inner.AppendFormatted(value, format);

    public bool AppendFormatted(ReadOnlySpan<char> value) => _inner.AppendFormatted(value);

    public bool AppendFormatted(string? value) => _inner.AppendFormatted(value);

    internal bool TryFinish(out int length) =>
        MemoryExtensions.TryWrite(_destination, CultureInfo.InvariantCulture, ref _inner, out length);
}

/// <summary>The state of one <c>RD()</c> call site: how many lines it printed in the current second.</summary>
internal sealed class RateLimit(int perSecond)
{
    private long _second = -1;
    private int _count;

    public bool Allow()
    {
        long now = DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond;
        if (now != _second)
        {
            _second = now;
            _count = 0;
        }

        return _count++ < perSecond;
    }
}
