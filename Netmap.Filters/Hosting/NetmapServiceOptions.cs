using System.Collections.Generic;
using Netmap.Sdk;

namespace Netmap.Filters;

/// <summary>Where and how the hosted service runs the pipeline.</summary>
public sealed class NetmapServiceOptions
{
    /// <summary>The port, without mode suffix (e.g. <c>netmap:eth0</c>, <c>netmap:p}1</c>); one worker per NIC ring pair.</summary>
    public string Port { get; set; } = string.Empty;

    /// <summary>Pass traffic between NIC and host rings (null: yes for interfaces, no for pipes).</summary>
    public bool? HostRings { get; set; }

    /// <summary>Forward targets by name; <see cref="Verdict.Forward"/> takes the index of a name in this list (see <see cref="ForwardTargets"/>).</summary>
    public IList<KeyValuePair<string, string>> Targets { get; } = new List<KeyValuePair<string, string>>();

    /// <summary>Packets per batch.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>CPU per worker (optional pinning).</summary>
    public IList<int>? Cpus { get; set; }

    /// <summary>Idle poll timeout in milliseconds (how soon a stop is noticed).</summary>
    public int PollTimeoutMilliseconds { get; set; } = 100;

    /// <summary>The netmap to use (null: the process-wide choice).</summary>
    public NetmapPortOptions PortOptions { get; set; } = new();
}
