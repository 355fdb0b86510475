using System;
using System.Linq;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Netmap.Interop;

namespace Netmap.Interop.Tests.Ports;

/// <summary>Round trips between <see cref="NetmapPortName.Parse"/> and <see cref="NetmapPortName.Format"/>.</summary>
public class PortNamePropertyTests
{
    [Property]
    public Property Parse_of_Format_gives_the_spec_back() =>
        Prop.ForAll(PortNameGen.Specs(withShare: false).ToArbitrary(), spec =>
        {
            string name = NetmapPortName.Format(spec);
            return (NetmapPortName.Parse(name) == spec).Label($"{spec} -> '{name}'");
        });

    [Property]
    public Property Parse_of_Format_keeps_share() =>
        Prop.ForAll(PortNameGen.Specs(withShare: true).ToArbitrary(), spec =>
            NetmapPortName.Parse(NetmapPortName.Format(spec)) == spec);

    [Property]
    public Property Format_of_Parse_gives_a_canonical_name_back() =>
        Prop.ForAll(PortNameGen.CanonicalNames().ToArbitrary(), name =>
            (NetmapPortName.Format(NetmapPortName.Parse(name)) == name).Label(name));

    [Property]
    public Property TryParse_agrees_with_Parse_on_mangled_names() =>
        Prop.ForAll(PortNameGen.MangledNames().ToArbitrary(), name =>
        {
            bool ok = NetmapPortName.TryParse(name, out var spec, out var error);
            if (ok)
            {
                // Whatever parses must format to a name that parses to the same spec.
                return (error is null && NetmapPortName.Parse(NetmapPortName.Format(spec!)) == spec).Label(name);
            }

            return (spec is null && error!.Position >= 0 && error.Position <= name.Length
                && error.Message.Contains(name, StringComparison.Ordinal)).Label(name);
        });

    [Property]
    public Property Describe_names_the_mode_of_every_spec() =>
        Prop.ForAll(PortNameGen.Specs(withShare: true).ToArbitrary(), spec =>
        {
            string text = NetmapPortName.Describe(spec);
            string mode = spec.Mode switch
            {
                NetmapRegMode.AllNic => "NR_REG_ALL_NIC",
                NetmapRegMode.Sw => "NR_REG_SW",
                NetmapRegMode.NicSw => "NR_REG_NIC_SW",
                NetmapRegMode.OneNic => "NR_REG_ONE_NIC",
                _ => "NR_REG_ONE_SW",
            };
            return text.Contains(mode, StringComparison.Ordinal)
                && text.Contains(NetmapPortName.Format(spec), StringComparison.Ordinal);
        });
}

/// <summary>Generators of valid specs and of canonical port names, written independently of the formatter.</summary>
internal static class PortNameGen
{
    private const string IdentifierChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";

    private static readonly (NetmapRegFlags Flag, char Letter)[] Letters =
    [
        (NetmapRegFlags.Exclusive, 'x'), (NetmapRegFlags.ZeroCopyMonitor, 'z'), (NetmapRegFlags.MonitorTx, 't'),
        (NetmapRegFlags.MonitorRx, 'r'), (NetmapRegFlags.RxRingsOnly, 'R'), (NetmapRegFlags.TxRingsOnly, 'T'),
    ];

    public static Gen<string> Identifier(int min, int max) =>
        from length in Gen.Choose(min, max)
        from chars in Gen.Elements(IdentifierChars.ToCharArray()).ArrayOf(length)
        select new string(chars);

    /// <summary>nr_name values: interfaces, pipe ends, VALE ports (possibly pipes of them).</summary>
    public static Gen<string> NrNames() =>
        from kind in Gen.Choose(0, 3)
        from port in Identifier(1, 12)
        from sw in Identifier(0, 6)
        from pipeChar in Gen.Elements('{', '}')
        from pipeId in Identifier(1, 6)
        select kind switch
        {
            0 => port,
            1 => port + pipeChar + pipeId,
            2 => "vale" + sw + ":" + port,
            _ => "vale" + sw + ":" + port + pipeChar + pipeId,
        };

    public static Gen<uint?> Optional(int max) =>
        Gen.Frequency(
            (2, Gen.Constant((uint?)null)),
            (1, Gen.Choose(0, max).Select(v => (uint?)v)));

    public static Gen<NetmapPortConf> Confs() =>
        Gen.Frequency(
            (2, Gen.Constant(NetmapPortConf.Empty)),
            (3, from tx in Optional(ushort.MaxValue)
                from rx in Optional(ushort.MaxValue)
                from htx in Optional(ushort.MaxValue)
                from hrx in Optional(ushort.MaxValue)
                from txs in Optional(int.MaxValue)
                from rxs in Optional(int.MaxValue)
                from same in Gen.Elements(false, true)
                select new NetmapPortConf
                {
                    TxRings = tx,
                    RxRings = same ? tx : rx,
                    HostTxRings = htx,
                    HostRxRings = hrx,
                    TxSlots = txs,
                    RxSlots = same ? txs : rxs,
                }));

    public static Gen<NetmapPortExtmem?> Extmems() =>
        Gen.Frequency(
            (3, Gen.Constant((NetmapPortExtmem?)null)),
            (1, from file in Gen.Elements("/dev/shm/netmap", "/tmp/x_1", "mem.bin", "/a:b=c")
                from ifNum in Optional(int.MaxValue)
                from ifSize in Optional(int.MaxValue)
                from ringNum in Optional(int.MaxValue)
                from ringSize in Optional(int.MaxValue)
                from bufNum in Optional(int.MaxValue)
                from bufSize in Optional(int.MaxValue)
                select (NetmapPortExtmem?)new NetmapPortExtmem
                {
                    File = file, IfNum = ifNum, IfSize = ifSize, RingNum = ringNum, RingSize = ringSize, BufNum = bufNum, BufSize = bufSize,
                }));

    public static Gen<NetmapPortOffset?> Offsets() =>
        Gen.Frequency(
            (3, Gen.Constant((NetmapPortOffset?)null)),
            (1, from initial in Gen.Choose(0, int.MaxValue)
                from bits in Optional(64)
                select (NetmapPortOffset?)new NetmapPortOffset { Initial = (ulong)initial, Bits = bits }));

    public static Gen<string?> Shares() =>
        Gen.Frequency(
            (3, Gen.Constant((string?)null)),
            (1, NrNames().Select(n => (string?)(n.Contains(':', StringComparison.Ordinal) ? n : "netmap:" + n))));

    public static Gen<NetmapPortSpec> Specs(bool withShare) =>
        from name in NrNames()
        from mode in Gen.Elements(NetmapRegMode.AllNic, NetmapRegMode.Sw, NetmapRegMode.NicSw, NetmapRegMode.OneNic, NetmapRegMode.OneSw)
        from ring in Gen.Choose(0, 4094)
        from letters in Gen.SubListOf(Letters)
        from memId in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(1, ushort.MaxValue)))
        from conf in Confs()
        from extmem in Extmems()
        from offset in Offsets()
        from share in withShare ? Shares() : Gen.Constant((string?)null)
        select new NetmapPortSpec
        {
            Name = name,
            Mode = mode,
            RingId = mode is NetmapRegMode.OneNic or NetmapRegMode.OneSw ? (ushort)ring : (ushort)0,
            Flags = letters.Aggregate(NetmapRegFlags.None, (all, l) => all | l.Flag),
            MemId = (ushort)memId,
            Conf = conf,
            Extmem = extmem,
            Offset = offset,
            ShareWith = share,
        };

    /// <summary>Canonical names built piece by piece from the syntax, not from the formatter.</summary>
    public static Gen<string> CanonicalNames() =>
        from name in NrNames()
        from mode in Gen.Elements("", "^", "*", "-", "^#")
        from ring in Gen.Choose(0, 4094)
        from letters in Gen.SubListOf(Letters)
        from memId in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(1, ushort.MaxValue)))
        from conf in ConfText()
        from extmem in Gen.Elements("", "@extmem=/dev/shm/m", "@extmem:file=/m,if-num=2,buf-size=4096", "@extmem:file=/m,ring-num=0")
        from offset in Gen.Elements("", "@offset=0", "@offset=64", "@offset:initial=128,bits=12")
        from share in Gen.Elements("", "@share=netmap:eth1", "@share=vale0:x")
        select new StringBuilder()
            .Append(name.Contains(':', StringComparison.Ordinal) ? name : "netmap:" + name)
            .Append(mode switch { "-" => "-" + ring, "^#" => "^" + ring, _ => mode })
            .Append(letters.Count == 0 ? string.Empty : "/" + new string(letters.Select(l => l.Letter).ToArray()))
            .Append(memId == 0 ? string.Empty : "@" + memId)
            .Append(conf)
            .Append(extmem)
            .Append(offset)
            .Append(share)
            .ToString();

    private static Gen<string> ConfText() =>
        from rings in PairText("rings", ushort.MaxValue)
        from host in PairText("host-rings", ushort.MaxValue)
        from slots in PairText("slots", int.MaxValue)
        let keys = new[] { rings, host, slots }.Where(k => k.Length > 0).ToArray()
        select keys.Length == 0 ? string.Empty : "@conf:" + string.Join(",", keys);

    /// <summary>One canonical pair of keys: nothing, <c>both=N</c>, <c>tx-both=N</c>, <c>rx-both=N</c>, or both with different values.</summary>
    private static Gen<string> PairText(string both, int max)
    {
        string prefix = both.StartsWith("host-", StringComparison.Ordinal) ? "host-" : string.Empty;
        string rest = both[prefix.Length..];
        return from shape in Gen.Choose(0, 4)
               from a in Gen.Choose(0, max)
               from b in Gen.Choose(0, max)
               select shape switch
               {
                   0 => string.Empty,
                   1 => $"{both}={a}",
                   2 => $"{prefix}tx-{rest}={a}",
                   3 => $"{prefix}rx-{rest}={a}",
                   _ => a == b ? $"{both}={a}" : $"{prefix}tx-{rest}={a},{prefix}rx-{rest}={b}",
               };
    }

    /// <summary>Canonical names with one character inserted, deleted or replaced by one of the syntax's characters.</summary>
    public static Gen<string> MangledNames() =>
        from name in CanonicalNames()
        from position in Gen.Choose(0, 1000)
        from edit in Gen.Choose(0, 2)
        from c in Gen.Elements("-*^/@{}:=,x0a_.".ToCharArray())
        let at = position % (name.Length + 1)
        select edit switch
        {
            0 => name.Insert(at, c.ToString()),
            1 when at < name.Length => name.Remove(at, 1),
            _ when at < name.Length => name.Remove(at, 1).Insert(at, c.ToString()),
            _ => name + c,
        };
}
