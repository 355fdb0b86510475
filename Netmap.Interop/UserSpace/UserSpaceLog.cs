using System;
using Microsoft.Extensions.Logging;

namespace Netmap.Interop.UserSpace;

/// <summary>The kernel-log messages of the user-space netmap, rate-limited where netmap uses RD().</summary>
internal sealed class UserSpaceLog
{
    private static readonly Action<ILogger, string, int, string, string, Exception?> Refused =
        LoggerMessage.Define<string, int, string, string>(LogLevel.Warning, new EventId(10, "NetmapRingRefused"),
            "netmap: {Direction} kring {Kring} refused ({Check}): {Indexes}; ring reinitialised");

    private static readonly Action<ILogger, string, int, Exception?> TailOverwritten =
        LoggerMessage.Define<string, int>(LogLevel.Warning, new EventId(11, "NetmapTailOverwritten"),
            "netmap: {Direction} kring {Kring} tail overwritten by the application; restored");

    private static readonly Action<ILogger, string, Exception?> Unsupported =
        LoggerMessage.Define<string>(LogLevel.Warning, new EventId(12, "NetmapNotEmulated"), "netmap (user space): {What}");

    private readonly ILogger? _logger;
    private readonly object _gate = new();
    private long _windowStart;
    private int _inWindow;

    public UserSpaceLog(ILogger? logger) => _logger = logger;

    public void LogRefused(string dir, int kring, string check, uint head, uint cur, uint tail, uint rhead, uint rtail, uint hwtail)
    {
        if (_logger is not null && Allow())
        {
            Refused(_logger, dir, kring, check, $"h {head} c {cur} t {tail} rh {rhead} rt {rtail} ht {hwtail}", null);
        }
    }

    public void LogTailOverwritten(string dir, int kring)
    {
        if (_logger is not null && Allow())
        {
            TailOverwritten(_logger, dir, kring, null);
        }
    }

    public void LogUnsupported(string what)
    {
        if (_logger is not null)
        {
            Unsupported(_logger, what, null);
        }
    }

    // Like the kernel's RD(5, ...): at most five messages a second.
    private bool Allow()
    {
        lock (_gate)
        {
            long now = Environment.TickCount64;
            if (now - _windowStart >= 1000)
            {
                _windowStart = now;
                _inWindow = 0;
            }

            return ++_inWindow <= 5;
        }
    }
}
