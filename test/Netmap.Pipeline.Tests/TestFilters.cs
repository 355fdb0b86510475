using System.Collections.Generic;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netmap.Filters;
using Netmap.Sdk;

namespace Netmap.Pipeline.Tests;

internal sealed class CallLog
{
    public List<string> Calls { get; } = new();
}

/// <summary>Records every call, passes on.</summary>
internal sealed class RecordingFilter(CallLog log, string name) : IPacketFilter
{
    public FilterResult Invoke(ref PacketContext context)
    {
        log.Calls.Add(name);
        return FilterResult.Next;
    }
}

/// <summary>Drops UDP to port 4321 (the seed's rule), else passes on.</summary>
internal sealed class DropPort4321 : IPacketFilter
{
    public FilterResult Invoke(ref PacketContext context) =>
        context.Parsed.TryGetUdp(out var udp) && udp.DestinationPort == 4321 ? FilterResult.Drop : FilterResult.Next;
}

/// <summary>A struct filter with per-worker state: counts what it saw.</summary>
internal struct CountingFilter : IPacketFilter
{
    public long Seen;

    public FilterResult Invoke(ref PacketContext context)
    {
        Seen++;
        return FilterResult.Next;
    }
}

internal sealed class BlockOptions
{
    public ushort Port { get; set; }
}

/// <summary>Drops UDP to the configured port; picks up option changes between batches.</summary>
internal sealed class ConfiguredBlock : IPacketFilter
{
    private readonly IOptionsMonitor<BlockOptions> _options;
    private ushort _port;

    public ConfiguredBlock(IOptionsMonitor<BlockOptions> options, ILogger<ConfiguredBlock> logger)
    {
        _options = options;
        Logger = logger;
        _port = options.CurrentValue.Port;
    }

    public ILogger<ConfiguredBlock> Logger { get; }

    public void OnBatch(int slotsAvailable) => _port = _options.CurrentValue.Port;

    public FilterResult Invoke(ref PacketContext context) =>
        context.Parsed.TryGetUdp(out var udp) && udp.DestinationPort == _port ? FilterResult.Drop : FilterResult.Next;
}

/// <summary>Sends everything to forward target 0.</summary>
internal sealed class ForwardAll : IPacketFilter
{
    public FilterResult Invoke(ref PacketContext context) => FilterResult.Forward(0);
}
