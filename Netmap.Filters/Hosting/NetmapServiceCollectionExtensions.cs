using System;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Netmap.Filters;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers netmap packet processing with a host.</summary>
public static class NetmapServiceCollectionExtensions
{
    /// <summary>
    /// Adds a netmap pipeline and the hosted service that runs it:
    /// <code>services.AddNetmap(o => o.Port = "netmap:eth0", p => p.Use&lt;MyFilter&gt;().Use&lt;OtherFilter&gt;());</code>
    /// </summary>
    public static IServiceCollection AddNetmap(this IServiceCollection services, Action<NetmapServiceOptions> configure,
        Action<NetmapPipelineBuilder> pipeline)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(pipeline);
        services.AddOptions();
        services.AddLogging();
        services.Configure(configure);
        var builder = new NetmapPipelineBuilder();
        pipeline(builder);
        services.TryAddSingleton(builder);
        services.TryAddSingleton<ForwardTargets>();
        services.TryAddSingleton<NetmapHostedService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<NetmapHostedService>());
        return services;
    }
}
