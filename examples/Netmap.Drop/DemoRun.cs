using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Netmap.Filters;
using Netmap.Interop;
using Netmap.Sdk;

namespace Netmap.Drop;

/// <summary>
/// The seed's experiment without a NIC or the netmap module: a generator floods a user-space netmap pipe (the
/// "wire") with UDP to 198.18.0.1:4321 and one legitimate packet in ten; the drop pipeline runs on the other end
/// exactly as it would on an interface; what no rule claims goes to a second pipe standing in for the host rings,
/// read by a "kernel" thread. Every packet is accounted for at the end.
/// </summary>
internal static class DemoRun
{
    public static async Task<int> RunAsync(string[] rules, int seconds, TextWriter output, CancellationToken cancel)
    {
        string parent = "drop" + Guid.NewGuid().ToString("N")[..8];
        using var wire = NetmapPort.Open($"netmap:{parent}{{wire@conf:slots=1024");
        using var kernel = NetmapPort.Open($"netmap:{parent}}}host@conf:slots=1024");
        output.WriteLine($"demo on the {wire.Backend} netmap: a flood of UDP to 198.18.0.1:4321 plus 1 packet in 10 of other traffic");
        output.WriteLine($"rules: {string.Join(" | ", rules)}; what no rule drops goes to the kernel (here a pipe standing in for the host rings)");

        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<IptablesRuleFilterOptions>(o =>
        {
            foreach (string rule in rules)
            {
                o.Rules.Add(rule);
            }

            o.Verdicts = new RuleVerdicts { Accept = Verdict.Forward(0) };
        });
        builder.Services.AddNetmap(
            o =>
            {
                o.Port = $"netmap:{parent}}}wire";
                o.Targets.Add(new("kernel", $"netmap:{parent}{{host"));
                o.PollTimeoutMilliseconds = 50;
            },
            p => p.UseIptablesRules().DefaultVerdict(Verdict.Forward(0)).MalformedVerdict(Verdict.Forward(0)));
        using IHost host = builder.Build();
        await host.StartAsync(cancel).ConfigureAwait(false);
        NetmapHostedService service = host.Services.GetRequiredService<NetmapHostedService>();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        long generated = 0, kernelGot = 0;
        var generator = new Thread(() => generated = Generate(wire, stop.Token)) { Name = "demo-generator" };
        using var kernelStop = new CancellationTokenSource();
        var reader = new Thread(() => kernelGot = ReadAsKernel(kernel, kernelStop.Token)) { Name = "demo-kernel" };
        generator.Start();
        reader.Start();

        var stats = new StatsPrinter(output);
        for (int s = 0; s < seconds && !cancel.IsCancellationRequested; s++)
        {
            await Task.Delay(1000, CancellationToken.None).ConfigureAwait(false);
            stats.Tick(StatsPrinter.Sum(service.Workers.Select(w => w.Counters.Snapshot())), "to the kernel");
        }

        await stop.CancelAsync().ConfigureAwait(false);
        generator.Join();
        TrafficSnapshot total = default;
        for (int wait = 0; wait < 300; wait++)
        {
            total = StatsPrinter.Sum(service.Workers.Select(w => w.Counters.Snapshot()));
            if (total.Received == generated && total.Queued == 0)
            {
                break;
            }

            await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
        }

        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        for (int wait = 0; wait < 300 && Volatile.Read(ref kernelGot) < total.Forwarded; wait++)
        {
            await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
        }

        await kernelStop.CancelAsync().ConfigureAwait(false);
        reader.Join();
        stats.Summary(total, "to the kernel");
        bool ok = total.IsBalanced && total.Received == generated && kernelGot == total.Forwarded;
        output.WriteLine($"Generated {generated} packets; the kernel received {kernelGot}. {(ok ? "Nothing lost." : "MISMATCH.")}");
        return ok ? 0 : 1;
    }

    private static long Generate(NetmapPort wire, CancellationToken stop)
    {
        byte[] flood = DemoTraffic.Udp(4321), legitimate = DemoTraffic.Udp(53);
        TxRing tx = wire.TxRing(0);
        long sent = 0;
        while (!stop.IsCancellationRequested)
        {
            if (tx.Space == 0)
            {
                wire.Poll(PollEvents.Out, 100);
                continue;
            }

            while (tx.TryTransmit(sent % 10 == 9 ? legitimate : flood))
            {
                sent++;
            }

            wire.TxSync();
        }

        // Let the last frames out before the far end stops.
        wire.TxSync();
        return sent;
    }

    private static long ReadAsKernel(NetmapPort kernel, CancellationToken stop)
    {
        RxRing rx = kernel.RxRing(0);
        long got = 0;
        while (!stop.IsCancellationRequested)
        {
            if (kernel.Poll(PollEvents.In, 50) == PollEvents.None)
            {
                continue;
            }

            RxBatch batch = rx.Read();
            while (batch.MoveNext())
            {
                got++;
            }

            rx.AdvanceTo(batch.Position);
            Volatile.Write(ref got, got);
        }

        return got;
    }
}
