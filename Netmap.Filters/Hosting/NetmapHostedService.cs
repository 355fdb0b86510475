using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netmap.Interop;
using Netmap.Sdk;

namespace Netmap.Filters;

/// <summary>
/// Runs the pipeline under Microsoft.Extensions.Hosting: at start it opens one handle set per NIC ring pair,
/// gives each worker its own filter instances and starts the worker threads; at stop it drains and closes.
/// </summary>
public sealed partial class NetmapHostedService : IHostedService, IAsyncDisposable
{
    private readonly IServiceProvider _services;
    private readonly NetmapPipelineBuilder _pipeline;
    private readonly NetmapServiceOptions _options;
    private readonly ILogger<NetmapHostedService> _logger;
    private readonly List<NetmapPort> _targetPorts = new();
    private readonly List<HandoffQueue> _queues = new();
    private readonly List<PacketWorker<PipelineProcessor>> _workers = new();
    private PortTopology? _topology;
    private NetmapWorkerGroup? _group;

    /// <summary>Created by DI.</summary>
    public NetmapHostedService(IServiceProvider services, NetmapPipelineBuilder pipeline, IOptions<NetmapServiceOptions> options,
        ILogger<NetmapHostedService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _services = services;
        _pipeline = pipeline;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The running workers (one per NIC ring pair), for counters and diagnostics.</summary>
    public IReadOnlyList<PacketWorker<PipelineProcessor>> Workers => _workers;

    /// <summary>Completes when every worker has stopped (faults if one failed).</summary>
    public Task Completion => _group?.WaitAsync() ?? Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_options.Port))
        {
            throw new InvalidOperationException("NetmapServiceOptions.Port is not set: give the port to run on, e.g. netmap:eth0.");
        }

        NetmapBackendSelection backend = NetmapBackends.GetDefault(_logger);
        NetmapPortSpec spec = NetmapPortName.Parse(_options.Port);
        bool hostRings = _options.HostRings ?? !spec.IsPipe;
        try
        {
            _topology = PortTopology.Open(_options.Port, hostRings, _options.PortOptions, _options.BatchSize);
            var (targets, inputs) = OpenTargets(_topology.Rings.Count);
            for (int i = 0; i < _topology.Rings.Count; i++)
            {
                WorkerRings rings = _topology.Rings[i] with { Targets = targets[i], Handoffs = inputs[i] };
                PipelineProcessor processor = _pipeline.CreateProcessor(_services, _options.Port, rings.HostPort is not null, rings.Targets.Count);
                _workers.Add(new PacketWorker<PipelineProcessor>(rings, processor));
            }

            _group = NetmapWorkerGroup.Start(_workers, new WorkerGroupOptions
            {
                Cpus = _options.Cpus?.ToArray(),
                PollTimeoutMilliseconds = _options.PollTimeoutMilliseconds,
            });
            LogStarted(_logger, _options.Port, _workers.Count, backend.Kind, string.Join(" → ", _pipeline.FilterTypes.Select(t => t.Name)));
            _ = WatchAsync(_group);
            return Task.CompletedTask;
        }
        catch
        {
            Close();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_group is { } group)
        {
            try
            {
                await group.StopAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                LogStopped(_logger, _options.Port);
                Close();
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    // A failed worker has already stopped its group; without this the host would go on running with no packet
    // processing at all. Stopping the application makes the failure visible (and the host's StopAsync rethrows it).
    private async Task WatchAsync(NetmapWorkerGroup group)
    {
        try
        {
            await group.WaitAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogWorkerFailed(_logger, e, _options.Port);
            if (_services.GetService(typeof(IHostApplicationLifetime)) is IHostApplicationLifetime lifetime)
            {
                lifetime.StopApplication();
            }
        }
    }

    // Worker i owns TX ring i of every target (opened TX-only for that ring), so no ring has two writers. Where a
    // target has fewer TX rings than there are workers, worker i hands its packets to the owner of ring
    // i mod rings through a single-producer queue.
    private (List<ForwardTarget>[] Targets, List<HandoffInput>[] Inputs) OpenTargets(int workers)
    {
        var targets = Enumerable.Range(0, workers).Select(_ => new List<ForwardTarget>()).ToArray();
        var inputs = Enumerable.Range(0, workers).Select(_ => new List<HandoffInput>()).ToArray();
        foreach (var (_, port) in _options.Targets)
        {
            NetmapPortSpec spec = NetmapPortName.Parse(port);
            NmReqPortInfoGet info = NetmapPortDescriptor.GetPortInfo(port, _options.PortOptions.Backend);
            int rings = (int)Math.Max(info.TxRings, spec.Conf.TxRings ?? 0);
            if (rings == 0)
            {
                throw new InvalidOperationException($"forward target '{port}' has no TX ring to send on: check the port name.");
            }

            var owned = new NetmapPort[Math.Min(rings, workers)];
            for (int r = 0; r < owned.Length; r++)
            {
                owned[r] = NetmapPort.Open(NetmapPortName.Format(spec with
                {
                    Mode = NetmapRegMode.OneNic,
                    RingId = (ushort)r,
                    Flags = spec.Flags | NetmapRegFlags.TxRingsOnly,
                }), _options.PortOptions);
                _targetPorts.Add(owned[r]);
            }

            for (int i = 0; i < workers; i++)
            {
                if (i < owned.Length)
                {
                    targets[i].Add(new ForwardTarget(owned[i], i));
                    continue;
                }

                int owner = i % owned.Length;
                var queue = new HandoffQueue(capacity: 256, maxPacket: 10240); // jumbo frames fit; larger ones count as unsendable
                _queues.Add(queue);
                targets[i].Add(new ForwardTarget(owned[owner], owner) { Handoff = queue });
                inputs[owner].Add(new HandoffInput(queue, owned[owner], owner));
            }
        }

        return (targets, inputs);
    }

    private void Close()
    {
        _group?.Dispose();
        _group = null;
        foreach (PacketWorker<PipelineProcessor> worker in _workers)
        {
            worker.Dispose();
            worker.Processor.Chain.Dispose();
            worker.Processor.Egress?.Dispose();
        }

        _workers.Clear();
        foreach (NetmapPort port in _targetPorts)
        {
            port.Dispose();
        }

        _targetPorts.Clear();
        foreach (HandoffQueue queue in _queues)
        {
            queue.Dispose();
        }

        _queues.Clear();
        _topology?.Dispose();
        _topology = null;
    }

    [LoggerMessage(1, LogLevel.Information, "netmap: running {Port} with {Workers} worker(s) on the {Backend} netmap; filters: {Filters}")]
    private static partial void LogStarted(ILogger logger, string port, int workers, NetmapBackendKind backend, string filters);

    [LoggerMessage(2, LogLevel.Information, "netmap: stopped {Port}")]
    private static partial void LogStopped(ILogger logger, string port);

    [LoggerMessage(3, LogLevel.Critical, "netmap: a worker on {Port} failed; packet processing has stopped, stopping the application")]
    private static partial void LogWorkerFailed(ILogger logger, Exception exception, string port);
}
