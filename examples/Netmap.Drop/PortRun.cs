using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Netmap.Filters;
using Netmap.Sdk;

namespace Netmap.Drop;

/// <summary>The real thing: the drop pipeline on an interface, everything unclaimed to the kernel through the host rings.</summary>
internal static class PortRun
{
    public static async Task<int> RunAsync(string port, string[] rules, string? tcFile, TextWriter output, CancellationToken cancel)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.Configure<IptablesRuleFilterOptions>(o =>
        {
            foreach (string rule in rules)
            {
                o.Rules.Add(rule);
            }
        });
        builder.Services.Configure<TcRuleFilterOptions>(o => o.File = tcFile);
        builder.Services.AddNetmap(o => o.Port = port, p =>
        {
            if (tcFile is null)
            {
                p.UseIptablesRules();
            }
            else
            {
                p.UseTcRules();
            }
        });
        using IHost host = builder.Build();
        await host.StartAsync(cancel).ConfigureAwait(false);
        NetmapHostedService service = host.Services.GetRequiredService<NetmapHostedService>();
        var stats = new StatsPrinter(output);
        try
        {
            while (!cancel.IsCancellationRequested && !service.Completion.IsCompleted)
            {
                await Task.Delay(1000, cancel).ConfigureAwait(false);
                stats.Tick(StatsPrinter.Sum(service.Workers.Select(w => w.Counters.Snapshot())), "to the kernel");
            }
        }
        catch (OperationCanceledException)
        {
        }

        TrafficSnapshot total = StatsPrinter.Sum(service.Workers.Select(w => w.Counters.Snapshot()));
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        stats.Summary(total, "to the kernel");
        return 0;
    }
}
