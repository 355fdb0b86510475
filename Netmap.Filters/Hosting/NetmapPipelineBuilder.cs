using System;
using System.Collections.Generic;
using Microsoft.Extensions.DependencyInjection;
using Netmap.Sdk;

namespace Netmap.Filters;

/// <summary>
/// Builds a filter pipeline like ASP.NET Core's middleware: <see cref="Use{TFilter}()"/> in order, each filter
/// created through DI once per worker.
/// </summary>
public sealed class NetmapPipelineBuilder
{
    private readonly List<(Type Type, Func<IServiceProvider, IPacketFilter> Create)> _filters = new();
    private NetmapPipelineBuilder? _egress;

    /// <summary>The options of the pipeline (default and malformed verdicts, parser limits).</summary>
    public PipelineOptions Options { get; private set; } = new();

    /// <summary>The filter types, in order (for diagnostics).</summary>
    public IReadOnlyList<Type> FilterTypes => _filters.ConvertAll(f => f.Type);

    /// <summary>Appends a filter; each worker gets its own instance from <see cref="ActivatorUtilities"/>.</summary>
    public NetmapPipelineBuilder Use<TFilter>()
        where TFilter : IPacketFilter
    {
        // A struct without a declared constructor has nothing to inject: its default value is the instance.
        bool plainStruct = typeof(TFilter).IsValueType && typeof(TFilter).GetConstructors().Length == 0;
        _filters.Add((typeof(TFilter), services => plainStruct ? default(TFilter)! : ActivatorUtilities.CreateInstance<TFilter>(services)));
        return this;
    }

    /// <summary>Appends a filter made by <paramref name="factory"/> (called once per worker).</summary>
    public NetmapPipelineBuilder Use<TFilter>(Func<IServiceProvider, TFilter> factory)
        where TFilter : IPacketFilter
    {
        ArgumentNullException.ThrowIfNull(factory);
        _filters.Add((typeof(TFilter), services => factory(services)));
        return this;
    }

    /// <summary>
    /// An optional pipeline for what the kernel stack transmits (host RX → wire): its filters may drop packets the
    /// host sends; whatever they pass on goes to the wire.
    /// </summary>
    public NetmapPipelineBuilder Egress(Action<NetmapPipelineBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var egress = new NetmapPipelineBuilder();
        configure(egress);
        _egress = egress;
        return this;
    }

    /// <summary>The verdict for packets every filter passes on (required on ports without host rings).</summary>
    public NetmapPipelineBuilder DefaultVerdict(Verdict verdict)
    {
        Options = Options with { DefaultVerdict = verdict };
        return this;
    }

    /// <summary>The verdict for malformed frames (default ToHost: the kernel decides).</summary>
    public NetmapPipelineBuilder MalformedVerdict(Verdict verdict)
    {
        Options = Options with { MalformedVerdict = verdict };
        return this;
    }

    /// <summary>
    /// Creates one worker's processor: fresh filter instances, compiled chain, checked default. Forward verdicts are
    /// not checked (the targets are unknown); the hosted service uses the overload that knows them.
    /// </summary>
    /// <param name="services">Where filters get their dependencies.</param>
    /// <param name="port">The port name, for messages.</param>
    /// <param name="hasHostRings">Whether the worker has a host ring pair to pass packets to.</param>
    /// <exception cref="InvalidOperationException">The default verdict, or a built-in rule filter's accept verdict, cannot work on this port.</exception>
    public PipelineProcessor CreateProcessor(IServiceProvider services, string port, bool hasHostRings) =>
        CreateProcessor(services, new VerdictPort(port, hasHostRings, null));

    /// <summary>
    /// Creates one worker's processor: fresh filter instances, compiled chain, and verdicts checked against what the
    /// port offers — ToHost needs host rings, Forward(n) needs more than n forward targets — for the default and
    /// malformed verdicts and the accept verdict of built-in rule filters (<see cref="RuleVerdicts"/>).
    /// </summary>
    /// <param name="services">Where filters get their dependencies.</param>
    /// <param name="port">The port name, for messages.</param>
    /// <param name="hasHostRings">Whether the worker has a host ring pair to pass packets to.</param>
    /// <param name="forwardTargets">How many forward targets the worker has.</param>
    /// <exception cref="InvalidOperationException">A verdict of the pipeline cannot work on this port.</exception>
    public PipelineProcessor CreateProcessor(IServiceProvider services, string port, bool hasHostRings, int forwardTargets)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(forwardTargets);
        return CreateProcessor(services, new VerdictPort(port, hasHostRings, forwardTargets));
    }

    private PipelineProcessor CreateProcessor(IServiceProvider services, VerdictPort port)
    {
        Verdict fallback = ResolveDefault(port.Port, port.HasHostRings);
        // Malformed frames go to the kernel where there is one; elsewhere they share the default's fate.
        PipelineOptions options = Options.MalformedVerdict is null && port.HasHostRings ? Options with { MalformedVerdict = Verdict.ToHost } : Options;
        port.Check(fallback, "the pipeline's default verdict", "choose another DefaultVerdict");
        port.Check(options.MalformedVerdict ?? fallback, "the malformed-frame verdict", "choose another MalformedVerdict");

        IPacketFilter[] filters = CreateFilters(services);
        FilterChain? egress = null;
        try
        {
            // Rules that accept must be able to carry accepting out here: a verdict that can never be sent would
            // silently count every accepted packet as unsendable.
            foreach (IPacketFilter filter in filters)
            {
                if (filter is IAcceptingFilter accepting)
                {
                    accepting.CheckAccept(port);
                }
            }

            egress = _egress is null ? null : new FilterChain(_egress.CreateFilters(services));
            return new PipelineProcessor(new FilterChain(filters), fallback, options, egress);
        }
        catch
        {
            foreach (IPacketFilter filter in filters)
            {
                (filter as IDisposable)?.Dispose();
            }

            egress?.Dispose();
            throw;
        }
    }

    private IPacketFilter[] CreateFilters(IServiceProvider services)
    {
        var filters = new IPacketFilter[_filters.Count];
        for (int i = 0; i < filters.Length; i++)
        {
            filters[i] = _filters[i].Create(services);
        }

        return filters;
    }

    /// <summary>The default verdict for a port, or a clear refusal if it cannot work there.</summary>
    /// <exception cref="InvalidOperationException">No default on a port without host rings, or ToHost there.</exception>
    public Verdict ResolveDefault(string port, bool hasHostRings)
    {
        if (!hasHostRings && Options.MalformedVerdict?.Kind == VerdictKind.ToHost)
        {
            throw new InvalidOperationException(
                $"the malformed-frame verdict is ToHost, but '{port}' has no host rings (pipes never do): " +
                "set .MalformedVerdict(Verdict.Drop) (or Forward) for this port.");
        }

        if (Options.DefaultVerdict is { } chosen)
        {
            if (chosen.Kind == VerdictKind.ToHost && !hasHostRings)
            {
                throw new InvalidOperationException(
                    $"the pipeline's default verdict is ToHost, but '{port}' has no host rings (pipes never do): " +
                    "choose DefaultVerdict(Verdict.Drop), Transmit or Forward for this port.");
            }

            return chosen;
        }

        if (!hasHostRings)
        {
            throw new InvalidOperationException(
                $"'{port}' has no host rings, so packets no filter claims cannot go to the kernel: set the pipeline's " +
                "default explicitly, e.g. .DefaultVerdict(Verdict.Drop).");
        }

        return Verdict.ToHost;
    }

}
