using System;
using System.Collections.Generic;
using Netmap.Interop;

namespace Netmap.Sdk;

/// <summary>
/// Opens one set of handles per NIC ring pair so that no ring is ever touched by two threads: ring pair i gets
/// <c>IF-i</c> and, on ports with host rings, <c>IF^i</c> with as many host rings as NIC rings
/// (<c>@conf:host-rings=N</c>); a single-ring interface uses <c>IF*</c>. Pipes have no host rings: pair i is
/// <c>X{id-i</c>. Disposing closes every handle.
/// </summary>
public sealed class PortTopology : IDisposable
{
    private readonly List<NetmapPort> _ports = new();

    private PortTopology(string name, IReadOnlyList<WorkerRings> rings, List<NetmapPort> ports)
    {
        Name = name;
        Rings = rings;
        _ports = ports;
    }

    /// <summary>The port name the topology was made for.</summary>
    public string Name { get; }

    /// <summary>What each worker owns, one entry per NIC ring pair.</summary>
    public IReadOnlyList<WorkerRings> Rings { get; }

    /// <summary>The handles opened (for inspection).</summary>
    public IReadOnlyList<NetmapPort> Ports => _ports;

    /// <summary>
    /// Opens the per-ring handles of <paramref name="portName"/> (a name without mode suffix, e.g. <c>netmap:eth0</c>
    /// or <c>netmap:p{1</c>). With <paramref name="hostRings"/> the host pair i rides along with NIC pair i.
    /// </summary>
    /// <exception cref="ArgumentException">The name already selects rings (<c>*</c>, <c>^</c>, <c>-N</c>).</exception>
    /// <exception cref="NetmapException">netmap refused a handle; the ones already opened are closed.</exception>
    public static PortTopology Open(string portName, bool hostRings, NetmapPortOptions? options = null, int batchSize = 256)
    {
        NetmapPortSpec spec = NetmapPortName.Parse(portName);
        if (spec.Mode != NetmapRegMode.AllNic)
        {
            throw new ArgumentException(
                $"'{portName}' already selects rings ({spec.Mode}); give the port without a mode suffix and the topology opens one handle per ring pair.",
                nameof(portName));
        }

        if (hostRings && spec.IsPipe)
        {
            throw new ArgumentException($"'{portName}' is a pipe: pipes have no host rings.", nameof(portName));
        }

        var ports = new List<NetmapPort>();
        try
        {
            // Learn the ring count without binding anything.
            NmReqPortInfoGet info = NetmapPortDescriptor.GetPortInfo(portName, options?.Backend);
            // A port this open creates has the counts its @conf asks for; an existing one reports its own.
            int pairs = (int)Math.Max(Math.Max(info.TxRings, info.RxRings), Math.Max(spec.Conf.TxRings ?? 0, spec.Conf.RxRings ?? 0));
            var rings = new List<WorkerRings>();
            string baseName = NetmapPortName.Format(spec with { Mode = NetmapRegMode.AllNic, RingId = 0 });
            string Suffixed(string suffix) => Insert(baseName, spec, suffix);
            NetmapPortOptions withHost = (options ?? new NetmapPortOptions()) with { HostRings = (uint)pairs };

            if (pairs == 1 && hostRings)
            {
                NetmapPort both = NetmapPort.Open(Suffixed("*"), withHost);
                ports.Add(both);
                rings.Add(new WorkerRings { NicPort = both, Ring = 0, HostPort = both, HostRing = 0, BatchSize = batchSize });
            }
            else
            {
                for (int i = 0; i < pairs; i++)
                {
                    NetmapPort nic = NetmapPort.Open(Suffixed($"-{i}"), hostRings ? withHost : options);
                    ports.Add(nic);
                    NetmapPort? host = null;
                    if (hostRings)
                    {
                        host = NetmapPort.Open(Suffixed($"^{i}"), withHost);
                        ports.Add(host);
                    }

                    rings.Add(new WorkerRings { NicPort = nic, Ring = i, HostPort = host, HostRing = i, BatchSize = batchSize });
                }
            }

            return new PortTopology(portName, rings, ports);
        }
        catch
        {
            foreach (NetmapPort p in ports)
            {
                p.Dispose();
            }

            throw;
        }
    }

    /// <summary>Closes every handle.</summary>
    public void Dispose()
    {
        foreach (NetmapPort port in _ports)
        {
            port.Dispose();
        }

        _ports.Clear();
    }

    // The mode suffix goes right after the port's name, before any /flags or @options.
    private static string Insert(string formatted, NetmapPortSpec spec, string suffix)
    {
        int at = formatted.IndexOf(spec.Name, StringComparison.Ordinal) + spec.Name.Length;
        return formatted[..at] + suffix + formatted[at..];
    }
}
