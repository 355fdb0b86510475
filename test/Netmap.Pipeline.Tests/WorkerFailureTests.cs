using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Netmap.Filters;
using Netmap.Sdk;
using Xunit;

namespace Netmap.Pipeline.Tests;

/// <summary>Keeps every log entry, for assertions.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((logLevel, category, formatter(state, exception), exception));
    }
}

/// <summary>Throws on the first packet, as a buggy filter would.</summary>
internal sealed class ThrowingFilter : IPacketFilter
{
    public FilterResult Invoke(ref PacketContext context) => throw new InvalidOperationException("filter bug: boom");
}

public sealed class WorkerFailureTests
{
    [Fact]
    public async Task A_worker_that_fails_stops_the_host_and_is_logged_as_critical_with_its_exception()
    {
        string parent = Pipes.Parent();
        using var inMaster = NetmapPort.Open($"netmap:{parent}{{1");
        var logs = new CapturingLoggerProvider();
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.AddNetmap(
            o =>
            {
                o.Port = $"netmap:{parent}}}1";
                o.PollTimeoutMilliseconds = 20;
            },
            p => p.Use<ThrowingFilter>().DefaultVerdict(Verdict.Drop));
        using IHost host = builder.Build();
        IHostApplicationLifetime lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var started = new TaskCompletionSource();
        using CancellationTokenRegistration onStarted = lifetime.ApplicationStarted.Register(() => started.SetResult());

        Task run = host.RunAsync();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Pipes.Send(inMaster, 0, Frames.Udp(53, 1));

        // The host stops by itself; RunAsync ends (with the worker's failure, which StopAsync rethrows).
        Task finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.True(finished == run, "the host kept running after its only worker failed");
        Assert.True(lifetime.ApplicationStopping.IsCancellationRequested);
        Exception? ended = await Record.ExceptionAsync(() => run);
        Assert.Contains("filter bug: boom", ended?.ToString() ?? string.Empty, StringComparison.Ordinal);
        var critical = logs.Entries.Where(e => e.Level == LogLevel.Critical).ToList();
        var entry = Assert.Single(critical);
        Assert.Contains(parent, entry.Message, StringComparison.Ordinal);
        Exception failure = Assert.IsType<AggregateException>(entry.Exception);
        Assert.Contains(((AggregateException)failure).Flatten().InnerExceptions, e => e.Message == "filter bug: boom");
    }

    [Fact]
    public async Task A_worker_failure_without_a_host_lifetime_is_logged_and_the_service_completes_faulted()
    {
        string parent = Pipes.Parent();
        using var inMaster = NetmapPort.Open($"netmap:{parent}{{1");
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(logs));
        services.AddNetmap(
            o =>
            {
                o.Port = $"netmap:{parent}}}1";
                o.PollTimeoutMilliseconds = 20;
            },
            p => p.Use<ThrowingFilter>().DefaultVerdict(Verdict.Drop));
        await using ServiceProvider provider = services.BuildServiceProvider();
        NetmapHostedService service = provider.GetRequiredService<NetmapHostedService>();
        await service.StartAsync(CancellationToken.None);
        Pipes.Send(inMaster, 0, Frames.Udp(53, 1));

        await Assert.ThrowsAsync<AggregateException>(() => service.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        for (int i = 0; i < 500 && !logs.Entries.Any(e => e.Level == LogLevel.Critical); i++)
        {
            await Task.Delay(10);
        }

        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Critical && e.Exception is AggregateException);
        await Assert.ThrowsAsync<AggregateException>(() => service.StopAsync(CancellationToken.None));
    }
}
