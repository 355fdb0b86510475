using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>Collects what the user-space netmap logs (the messages that go with errno values).</summary>
internal sealed class LogCapture : ILogger
{
    private readonly List<string> _messages = [];

    public string All
    {
        get
        {
            lock (_messages)
            {
                return string.Join("\n", _messages);
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_messages)
        {
            _messages.Add(formatter(state, exception));
        }
    }
}
