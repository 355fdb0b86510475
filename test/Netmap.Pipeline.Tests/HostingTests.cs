using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Netmap.Filters;
using Netmap.Sdk;
using Xunit;

namespace Netmap.Pipeline.Tests;

public sealed class HostingTests
{
    private static async Task<long> WaitFor(Func<long> value, long target)
    {
        for (int i = 0; i < 1000 && value() < target; i++)
        {
            await Task.Delay(10);
        }

        return value();
    }

    [Fact]
    public async Task The_hosted_service_runs_one_worker_per_ring_with_its_own_filters_and_stops_cleanly()
    {
        string parent = Pipes.Parent();
        using var inMaster = NetmapPort.Open($"netmap:{parent}{{1@conf:rings=2");
        using var outSlave = NetmapPort.Open($"netmap:{parent}}}2@conf:rings=2");
        ushort blocked = 4321;
        var change = new ManualChange<BlockOptions>();

        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.Configure<BlockOptions>(o => o.Port = blocked);
        builder.Services.AddSingleton<IOptionsChangeTokenSource<BlockOptions>>(change);
        builder.Services.AddNetmap(
            o =>
            {
                o.Port = $"netmap:{parent}}}1";
                o.Targets.Add(new("out", $"netmap:{parent}{{2"));
                o.PollTimeoutMilliseconds = 20;
            },
            p => p.Use<ConfiguredBlock>().Use<ForwardAll>().DefaultVerdict(Verdict.Drop));
        using IHost host = builder.Build();
        await host.StartAsync();
        NetmapHostedService service = host.Services.GetRequiredService<NetmapHostedService>();
        Assert.Equal(2, service.Workers.Count);
        Assert.NotSame(service.Workers[0].Processor.Chain[0], service.Workers[1].Processor.Chain[0]);
        Assert.NotNull(((ConfiguredBlock)service.Workers[0].Processor.Chain[0]).Logger);
        Assert.Equal(0, host.Services.GetRequiredService<ForwardTargets>().IndexOf("out"));

        long Received() => service.Workers.Sum(w => w.Counters.Snapshot().Received);

        // Ring 0 and ring 1 each carry one port-4321 and one port-53 datagram.
        Pipes.Send(inMaster, 0, Frames.Udp(4321, 1), Frames.Udp(53, 2));
        Pipes.Send(inMaster, 1, Frames.Udp(4321, 3), Frames.Udp(53, 4));
        Assert.Equal(4, await WaitFor(Received, 4));

        // Live reload: block 53 instead; the filters pick it up at their next batch, no restart.
        blocked = 53;
        change.Fire();
        Pipes.Send(inMaster, 0, Frames.Udp(4321, 5), Frames.Udp(53, 6));
        Assert.Equal(6, await WaitFor(Received, 6));

        var workers = service.Workers.ToList();
        await host.StopAsync();
        TrafficSnapshot total = default;
        foreach (var w in workers.Select(w => w.Counters.Snapshot()))
        {
            total.Received += w.Received;
            total.Dropped += w.Dropped;
            total.Forwarded += w.Forwarded;
        }

        Assert.Equal((6L, 3L, 3L), (total.Received, total.Dropped, total.Forwarded));
        Assert.Empty(service.Workers); // stopped and released
        outSlave.RxSync();
        var arrived = new System.Collections.Generic.List<uint>();
        for (int ring = 0; ring < 2; ring++)
        {
            RxRing rx = outSlave.RxRing(ring);
            RxBatch batch = rx.Read();
            foreach (Packet p in batch)
            {
                arrived.Add(Frames.Sequence(p.Data));
            }

            rx.AdvanceTo(batch.Position);
        }

        Assert.Equal([2u, 4u, 5u], arrived.Order().ToArray());
    }

    [Fact]
    public async Task A_pipeline_whose_default_cannot_work_fails_at_start_with_a_clear_message()
    {
        string parent = Pipes.Parent();
        using var inMaster = NetmapPort.Open($"netmap:{parent}{{1");
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.AddNetmap(o => o.Port = $"netmap:{parent}}}1", p => p.Use<DropPort4321>());
        using IHost host = builder.Build();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("no host rings", e.Message, StringComparison.Ordinal);
    }
}

public sealed class HostingHandoffTests
{
    [Fact]
    public async Task Two_workers_forward_into_a_one_ring_port_through_a_handoff()
    {
        string parent = Pipes.Parent();
        using var inMaster = NetmapPort.Open($"netmap:{parent}{{1@conf:rings=2");
        using var outSlave = NetmapPort.Open($"netmap:{parent}}}2");
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.AddNetmap(
            o =>
            {
                o.Port = $"netmap:{parent}}}1";
                o.Targets.Add(new("out", $"netmap:{parent}{{2"));
                o.PollTimeoutMilliseconds = 20;
            },
            p => p.Use<ForwardAll>().DefaultVerdict(Verdict.Drop));
        using IHost host = builder.Build();
        await host.StartAsync();
        NetmapHostedService service = host.Services.GetRequiredService<NetmapHostedService>();
        Assert.Equal(2, service.Workers.Count);
        Pipes.Send(inMaster, 0, Frames.Udp(53, 1), Frames.Udp(53, 2));
        Pipes.Send(inMaster, 1, Frames.Udp(53, 3), Frames.Udp(53, 4));
        var arrived = new System.Collections.Generic.List<uint>();
        for (int i = 0; i < 500 && arrived.Count < 4; i++)
        {
            await Task.Delay(10);
            outSlave.RxSync();
            RxRing rx = outSlave.RxRing(0);
            RxBatch batch = rx.Read();
            foreach (Packet p in batch)
            {
                arrived.Add(Frames.Sequence(p.Data));
            }

            rx.AdvanceTo(batch.Position);
        }

        var workers = service.Workers.ToList();
        await host.StopAsync();
        Assert.Equal([1u, 2u, 3u, 4u], arrived.Order().ToArray());
        Assert.Equal(2, workers[0].Counters.Snapshot().HandoffSent);
        Assert.Equal(2, workers[1].Counters.Snapshot().Copied);
    }
}
