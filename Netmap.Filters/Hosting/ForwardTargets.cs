using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace Netmap.Filters;

/// <summary>Resolves forward target names to the indexes <see cref="FilterResult.Forward"/> takes (resolve once, in a filter's constructor).</summary>
public sealed class ForwardTargets
{
    private readonly IList<KeyValuePair<string, string>> _targets;

    /// <summary>Reads the targets of the service options.</summary>
    public ForwardTargets(IOptions<NetmapServiceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _targets = options.Value.Targets;
    }

    /// <summary>The index of target <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such target.</exception>
    public int IndexOf(string name)
    {
        for (int i = 0; i < _targets.Count; i++)
        {
            if (_targets[i].Key == name)
            {
                return i;
            }
        }

        throw new ArgumentException($"no forward target named '{name}'; configure it with NetmapServiceOptions.Targets.", nameof(name));
    }
}
