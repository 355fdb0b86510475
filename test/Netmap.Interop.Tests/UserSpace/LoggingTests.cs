using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;
using Netmap.Interop;
using Netmap.Interop.UserSpace;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>What the user-space netmap writes where netmap writes to the kernel log.</summary>
public sealed class LoggingTests : IDisposable
{
    private readonly CapturingLogger _logger = new();
    private readonly RendezvousDirectory _dir = new();
    private readonly UserSpaceNetmapBackend _backend;

    public LoggingTests()
    {
        _backend = new UserSpaceNetmapBackend(new UserSpaceNetmapOptions { RendezvousDirectory = _dir.Path + "-log", Logger = _logger });
    }

    [Fact]
    public void Refused_syncs_are_logged_at_most_five_times_a_second()
    {
        string parent = RendezvousDirectory.UniqueParent();
        using UsPort m = UsPort.Open(_backend, parent + "{1");
        NetmapRing tx = m.Tx();
        for (int i = 0; i < 50; i++)
        {
            tx.Head = tx.Cur = 5000;
            Assert.Equal(0, m.TxSync());
        }

        List<string> refused = _logger.Messages.FindAll(s => s.Contains("refused", StringComparison.Ordinal));
        Assert.InRange(refused.Count, 1, 10);
        Assert.Contains("h 5000", refused[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_ports_say_why()
    {
        Assert.Equal(Errno.EOPNOTSUPP, UsPort.TryOpen(_backend, "vale1:x", null, out _));
        Assert.Equal(Errno.EINVAL, UsPort.TryOpen(_backend, "lo", null, out _));
        Assert.Contains(_logger.Messages, s => s.Contains("not emulated yet", StringComparison.Ordinal));
        Assert.Contains(_logger.Messages, s => s.Contains("MTU 65536", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _backend.Dispose();
        if (System.IO.Directory.Exists(_dir.Path + "-log"))
        {
            System.IO.Directory.Delete(_dir.Path + "-log", recursive: true);
        }

        _dir.Dispose();
    }

    private sealed class CapturingLogger : ILogger
    {
        private readonly object _gate = new();

        public List<string> Messages
        {
            get
            {
                lock (_gate)
                {
                    return [.. _messages];
                }
            }
        }

        private readonly List<string> _messages = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_gate)
            {
                _messages.Add(formatter(state, exception));
            }
        }
    }
}
