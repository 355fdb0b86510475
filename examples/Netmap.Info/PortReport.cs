using System;
using System.IO;
using System.Linq;
using Netmap.Interop;

namespace Netmap.Info;

/// <summary>One port name: parsed and explained, the interface behind it, and with --open what REGISTER said.</summary>
internal static class PortReport
{
    public static int Write(string port, NetmapBackendSelection selection, bool open, TextWriter output)
    {
        output.WriteLine($"port {port}");
        if (!NetmapPortName.TryParse(port, out NetmapPortSpec? spec, out NetmapPortNameException? error))
        {
            output.WriteLine(Indent(error!.Message));
            return 1;
        }

        output.WriteLine(Indent(NetmapPortName.Describe(spec!)));
        output.WriteLine($"  canonical        {NetmapPortName.Format(spec!)}");
        if (!spec!.IsVale && !spec.IsPipe)
        {
            output.WriteLine($"  interface        {InterfaceFacts(spec.Name)}");
        }
        else if (spec.PipeParent is { } parent && !parent.Contains(':', StringComparison.Ordinal))
        {
            output.WriteLine(Directory.Exists(Path.Combine("/sys/class/net", parent))
                ? $"  pipe parent      interface '{parent}' exists: the pipe shares its memory region (1), zero-copy with it"
                : $"  pipe parent      '{parent}' is not an interface here: netmap gives the pipe a region of its own");
        }

        return open ? Open(spec, port, selection, output) : 0;
    }

    private static unsafe int Open(NetmapPortSpec spec, string port, NetmapBackendSelection selection, TextWriter output)
    {
        try
        {
            using NetmapPortDescriptor d = NetmapPortDescriptor.Open(spec, new NetmapOpenOptions { Backend = selection.Backend });
            NetmapIf nifp = d.Interface;
            output.WriteLine($"  registered       on the {selection.Kind} netmap as '{nifp.Name}', memory region {d.MemId} ({d.MemSize} bytes)");
            output.WriteLine($"  rings            NIC {d.TxRings} TX / {d.RxRings} RX, host {d.HostTxRings} TX / {d.HostRxRings} RX, " +
                             $"{d.Registration.TxSlots} TX / {d.Registration.RxSlots} RX slots");
            output.WriteLine($"  bound            TX {Range(d.FirstTxRing, d.LastTxRing, (int)nifp.TxRings)}, RX {Range(d.FirstRxRing, d.LastRxRing, (int)nifp.RxRings)}");
            for (int i = d.FirstRxRing; i <= d.LastRxRing; i++)
            {
                NetmapRing ring = nifp.RxRing((uint)i);
                output.WriteLine($"  rx ring {i,-8} head {ring.Head} cur {ring.Cur} tail {ring.Tail} of {ring.NumSlots}, buffers of {ring.BufferSize} bytes");
            }

            for (int i = d.FirstTxRing; i <= d.LastTxRing; i++)
            {
                NetmapRing ring = nifp.TxRing((uint)i);
                output.WriteLine($"  tx ring {i,-8} head {ring.Head} cur {ring.Cur} tail {ring.Tail} of {ring.NumSlots}, buffers of {ring.BufferSize} bytes");
            }

            return 0;
        }
        catch (NetmapException e)
        {
            output.WriteLine(Indent(e.Message));
            return 1;
        }
    }

    private static string Range(int first, int last, int nicCount)
    {
        if (last < first)
        {
            return "none";
        }

        return string.Join(", ", Enumerable.Range(first, last - first + 1).Select(i => i < nicCount ? $"nic {i}" : $"host {i - nicCount}"));
    }

    private static string InterfaceFacts(string name)
    {
        string dir = Path.Combine("/sys/class/net", name);
        if (!Directory.Exists(dir))
        {
            string[] existing = Directory.Exists("/sys/class/net")
                ? Directory.GetDirectories("/sys/class/net").Select(Path.GetFileName).OfType<string>().Order().ToArray()
                : [];
            return $"'{name}' does not exist here (REGISTER would fail with ENXIO); interfaces: {string.Join(", ", existing)}";
        }

        string mtu = Read(Path.Combine(dir, "mtu")) ?? "?";
        string queues = Path.Combine(dir, "queues");
        int rx = Directory.Exists(queues) ? Directory.GetDirectories(queues, "rx-*").Length : 0;
        int tx = Directory.Exists(queues) ? Directory.GetDirectories(queues, "tx-*").Length : 0;
        string state = Read(Path.Combine(dir, "operstate")) ?? "?";
        string fit = int.TryParse(mtu, out int m) && m > 2048 ? " (above 2048: the emulated adapter refuses RX binds)" : string.Empty;
        return $"'{name}' exists: {state}, MTU {mtu}{fit}, {rx} RX / {tx} TX queues";
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Indent(string text) =>
        string.Join(Environment.NewLine, text.Split('\n').Select(l => "  " + l.TrimEnd('\r')));
}
