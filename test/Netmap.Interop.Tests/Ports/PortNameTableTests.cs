using System;
using Netmap.Interop;
using Xunit;

namespace Netmap.Interop.Tests.Ports;

/// <summary>The port-name examples of notes.md section 3, and libnetmap's behaviour around them.</summary>
public class PortNameTableTests
{
    private const int None = -1;

    // name, nr_name, mode, ringid, flags, mem, then conf tx rings, rx rings, tx slots, rx slots (-1 = not given).
    [Theory]
    // notes.md section 3 table
    [InlineData("netmap:eth0", "eth0", 1u, 0, 0x0ul, 0, None, None, None, None)]
    [InlineData("netmap:eth0^", "eth0", 2u, 0, 0x0ul, 0, None, None, None, None)]
    [InlineData("netmap:eth0^1", "eth0", 8u, 1, 0x0ul, 0, None, None, None, None)]
    [InlineData("netmap:eth0*", "eth0", 3u, 0, 0x0ul, 0, None, None, None, None)]
    [InlineData("netmap:eth0-2", "eth0", 4u, 2, 0x0ul, 0, None, None, None, None)]
    [InlineData("netmap:eth0-0/xT", "eth0", 4u, 0, 0x4800ul, 0, None, None, None, None)]
    [InlineData("netmap:eth0*@2", "eth0", 3u, 0, 0x0ul, 2, None, None, None, None)]
    [InlineData("netmap:eth0{7", "eth0{7", 1u, 0, 0x0ul, 0, None, None, None, None)]
    [InlineData("netmap:eth0}7/x", "eth0}7", 1u, 0, 0x800ul, 0, None, None, None, None)]
    [InlineData("vale0:a", "vale0:a", 1u, 0, 0x0ul, 0, None, None, None, None)]
    [InlineData("netmap:eth0@conf:rings=2,slots=512", "eth0", 1u, 0, 0x0ul, 0, 2, 2, 512, 512)]
    // more from libnetmap's nmreq.c
    [InlineData("netmap:eth0^/x", "eth0", 2u, 0, 0x800ul, 0, None, None, None, None)]
    [InlineData("netmap:eth0^12@3", "eth0", 8u, 12, 0x0ul, 3, None, None, None, None)]
    [InlineData("netmap:eth0-4094", "eth0", 4u, 4094, 0x0ul, 0, None, None, None, None)]
    [InlineData("netmap:eth0-007", "eth0", 4u, 7, 0x0ul, 0, None, None, None, None)]
    [InlineData("netmap:eth0/ztrRTx", "eth0", 1u, 0, 0x6f00ul, 0, None, None, None, None)]
    [InlineData("netmap:eth0/@2", "eth0", 1u, 0, 0x0ul, 2, None, None, None, None)]
    [InlineData("netmap:eth0@2/x", "eth0", 1u, 0, 0x800ul, 2, None, None, None, None)]
    [InlineData("netmap:eth0/x@2/R", "eth0", 1u, 0, 0x2800ul, 2, None, None, None, None)]
    [InlineData("netmap:eth0@2@2", "eth0", 1u, 0, 0x0ul, 2, None, None, None, None)]
    [InlineData("netmap:eth0@65535", "eth0", 1u, 0, 0x0ul, 65535, None, None, None, None)]
    [InlineData("vale:p", "vale:p", 1u, 0, 0x0ul, 0, None, None, None, None)]
    [InlineData("vale_1x:p_2{a", "vale_1x:p_2{a", 1u, 0, 0x0ul, 0, None, None, None, None)]
    [InlineData("vale0:", "vale0:", 1u, 0, 0x0ul, 0, None, None, None, None)]
    [InlineData("netmap:{1", "{1", 1u, 0, 0x0ul, 0, None, None, None, None)]
    [InlineData("netmap:vale0", "vale0", 1u, 0, 0x0ul, 0, None, None, None, None)]
    [InlineData("netmap:eth0@conf:tx-rings=3,rings=2", "eth0", 1u, 0, 0x0ul, 0, 3, 2, None, None)]
    [InlineData("netmap:eth0@conf:tx_rings=3,rx-slots=64", "eth0", 1u, 0, 0x0ul, 0, 3, None, None, 64)]
    [InlineData("netmap:eth0@conf:rings=1@conf:slots=64,rings=4", "eth0", 1u, 0, 0x0ul, 0, 4, 4, 64, 64)]
    [InlineData("netmap:eth0@conf:rings=,rings=5", "eth0", 1u, 0, 0x0ul, 0, 5, 5, None, None)]
    [InlineData("netmap:eth0@conf:", "eth0", 1u, 0, 0x0ul, 0, None, None, None, None)]
    [InlineData("netmap:eth0-1/x@7@conf:slots=1024", "eth0", 4u, 1, 0x800ul, 7, None, None, 1024, 1024)]
    public void Parse_gives_the_table_values(
        string portName, string nrName, uint mode, int ringId, ulong flags, int memId,
        int txRings, int rxRings, int txSlots, int rxSlots)
    {
        NetmapPortSpec spec = NetmapPortName.Parse(portName);

        Assert.Equal(nrName, spec.Name);
        Assert.Equal((NetmapRegMode)mode, spec.Mode);
        Assert.Equal(ringId, spec.RingId);
        Assert.Equal((NetmapRegFlags)flags, spec.Flags);
        Assert.Equal(memId, spec.MemId);
        Assert.Equal(Count(txRings), spec.Conf.TxRings);
        Assert.Equal(Count(rxRings), spec.Conf.RxRings);
        Assert.Equal(Count(txSlots), spec.Conf.TxSlots);
        Assert.Equal(Count(rxSlots), spec.Conf.RxSlots);
        Assert.Null(spec.Conf.HostTxRings);
        Assert.Null(spec.Conf.HostRxRings);
        Assert.Null(spec.ShareWith);
        Assert.Null(spec.Extmem);
        Assert.Null(spec.Offset);
        Assert.True(NetmapPortName.TryParse(portName, out var again, out var error));
        Assert.Null(error);
        Assert.Equal(spec, again);
    }

    [Fact]
    public void Table_spec_equals_a_spec_built_by_hand()
    {
        var expected = new NetmapPortSpec
        {
            Name = "eth0",
            Conf = new NetmapPortConf { TxRings = 2, RxRings = 2, TxSlots = 512, RxSlots = 512 },
        };

        Assert.Equal(expected, NetmapPortName.Parse("netmap:eth0@conf:rings=2,slots=512"));
        Assert.Equal(expected.GetHashCode(), NetmapPortName.Parse("netmap:eth0@conf:rings=2,slots=512").GetHashCode());
        Assert.NotEqual(expected, NetmapPortName.Parse("netmap:eth0@conf:rings=2"));
    }

    [Fact]
    public void Host_ring_keys_set_the_host_counts()
    {
        var conf = NetmapPortName.Parse("netmap:eth0*@conf:host-rings=2,host-rx-rings=1").Conf;

        Assert.Equal(new NetmapPortConf { HostTxRings = 2, HostRxRings = 1 }, conf);
    }

    [Fact]
    public void Share_keeps_the_port_unresolved()
    {
        Assert.Equal("netmap:eth1", NetmapPortName.Parse("netmap:eth0@share=netmap:eth1").ShareWith);
        Assert.Equal("vale0:b", NetmapPortName.Parse("vale0:a@share:port=vale0:b").ShareWith);
        Assert.Equal("netmap:eth1", NetmapPortName.Parse("netmap:eth0@share=netmap:eth1@share=netmap:eth1").ShareWith);

        // libnetmap decodes only PORT's prefix and vpname; what follows is not looked at.
        Assert.Equal("netmap:eth1-3", NetmapPortName.Parse("netmap:eth0@2@share=netmap:eth1-3").ShareWith);
    }

    [Fact]
    public void Extmem_takes_a_file_and_pool_sizes()
    {
        Assert.Equal(new NetmapPortExtmem { File = "/dev/shm/x,y:z" }, NetmapPortName.Parse("netmap:eth0@extmem=/dev/shm/x,y:z").Extmem);
        Assert.Equal(
            new NetmapPortExtmem { File = "/tmp/m", IfNum = 10, IfSize = 1024, RingNum = 20, RingSize = 33024, BufNum = 4096, BufSize = 2048 },
            NetmapPortName.Parse("netmap:eth0@extmem:buf-size=2048,file=/tmp/m,if-num=10,if_size=1024,ring-num=20,ring-size=33024,buf-num=4096").Extmem);
    }

    [Fact]
    public void Offset_takes_an_initial_offset_and_bits()
    {
        Assert.Equal(new NetmapPortOffset { Initial = 64 }, NetmapPortName.Parse("netmap:eth0@offset=64").Offset);
        Assert.Equal(new NetmapPortOffset { Initial = 64, Bits = 16 }, NetmapPortName.Parse("netmap:eth0@offset:bits=16,initial=64").Offset);
        Assert.Equal(64ul, NetmapPortName.Parse("netmap:eth0@offset=64").Offset!.MaxOffset);
    }

    [Fact]
    public void Options_combine()
    {
        var spec = NetmapPortName.Parse("vale1:p}0-1/T@3@conf:tx-slots=256@extmem=/m@offset=8@share=vale1:q");

        Assert.Equal("vale1:p}0", spec.Name);
        Assert.Equal(NetmapRegMode.OneNic, spec.Mode);
        Assert.Equal(1, spec.RingId);
        Assert.Equal(NetmapRegFlags.TxRingsOnly, spec.Flags);
        Assert.Equal(3, spec.MemId);
        Assert.Equal(256u, spec.Conf.TxSlots);
        Assert.Equal("/m", spec.Extmem!.File);
        Assert.Equal(8ul, spec.Offset!.Initial);
        Assert.Equal("vale1:q", spec.ShareWith);
    }

    [Fact]
    public void Name_of_63_characters_is_accepted()
    {
        string name = new('e', 63);

        Assert.Equal(name, NetmapPortName.Parse("netmap:" + name).Name);
        Assert.Equal("vale0:" + new string('p', 57), NetmapPortName.Parse("vale0:" + new string('p', 57) + "*").Name);
    }

    [Theory]
    [InlineData("netmap:eth0", false, false, false, null, null, false, true)]
    [InlineData("netmap:eth0^", false, false, false, null, null, true, false)]
    [InlineData("netmap:eth0*", false, false, false, null, null, true, true)]
    [InlineData("netmap:eth0^3", false, false, false, null, null, true, false)]
    [InlineData("netmap:eth0-3", false, false, false, null, null, false, true)]
    [InlineData("netmap:eth0{7", false, true, true, "eth0", "7", false, true)]
    [InlineData("netmap:eth0}x_1", false, true, false, "eth0", "x_1", false, true)]
    [InlineData("vale0:a", true, false, false, null, null, false, true)]
    [InlineData("vale0:a{2", true, true, true, "vale0:a", "2", false, true)]
    public void Convenience_properties_follow_the_name_and_mode(
        string portName, bool isVale, bool isPipe, bool isMaster, string? parent, string? pipeId, bool hostRings, bool nicRings)
    {
        var spec = NetmapPortName.Parse(portName);

        Assert.Equal(isVale, spec.IsVale);
        Assert.Equal(isPipe, spec.IsPipe);
        Assert.Equal(isMaster, spec.IsPipeMaster);
        Assert.Equal(isPipe && !isMaster, spec.IsPipeSlave);
        Assert.Equal(parent, spec.PipeParent);
        Assert.Equal(pipeId, spec.PipeId);
        Assert.Equal(hostRings, spec.HasHostRings);
        Assert.Equal(nicRings, spec.BindsNicRings);
    }

    public static TheoryData<string, int> Rejected() => new()
    {
        // notes.md section 3 table
        { "eth0", 0 },
        { "netmap0:eth0", 6 },
        { "netmap:eth0-x", 12 },
        // prefix
        { "", 0 },
        { " netmap:eth0", 0 },
        { "NETMAP:eth0", 0 },
        { "pcap:eth0", 0 },
        { "netmap", 6 },
        { "netmapeth0", 6 },
        { "netmap-1:eth0", 6 },
        { "vale0", 5 },
        { "vale0-x:a", 5 },
        { "vale0-x", 5 },
        // vpname
        { "netmap:", 7 },
        { "netmap:-1", 7 },
        { "netmap:@2", 7 },
        { "netmap:eth.0", 10 },
        { "netmap:eth 0", 10 },
        { "vale0:a:b", 7 },
        { "netmap:" + new string('e', 64), 70 },
        { "netmap:" + new string('e', 100) + "-1", 70 },
        { "vale0:" + new string('p', 58), 63 },
        { "netmap:" + new string('e', 60) + "{1234", 70 },
        // pipes
        { "netmap:eth0{", 12 },
        { "netmap:eth0}", 12 },
        { "netmap:eth0{/x", 12 },
        { "netmap:eth0{-1", 12 },
        { "netmap:eth0{1{2", 13 },
        { "netmap:eth0{1}2", 13 },
        { "netmap:eth0{1.2", 13 },
        // mode
        { "netmap:eth0-", 12 },
        { "netmap:eth0--1", 12 },
        { "netmap:eth0-4095", 12 },
        { "netmap:eth0-99999999999999999999999", 12 },
        { "netmap:eth0^4095", 12 },
        { "netmap:eth0*x", 12 },
        { "netmap:eth0**", 12 },
        { "netmap:eth0^*", 12 },
        { "netmap:eth0-1x", 13 },
        { "netmap:eth0-1-2", 13 },
        { "netmap:eth0^1^", 13 },
        { "netmap:eth0@2*", 13 },
        { "netmap:eth0/x-1", 13 },
        // flags
        { "netmap:eth0/", 12 },
        { "netmap:eth0/q", 12 },
        { "netmap:eth0/xq", 13 },
        { "netmap:eth0/x/r", 13 },
        { "netmap:eth0-1/X", 14 },
        // mem id
        { "netmap:eth0@", 12 },
        { "netmap:eth0@0", 12 },
        { "netmap:eth0@000", 12 },
        { "netmap:eth0@65536", 12 },
        { "netmap:eth0@2@3", 14 },
        { "netmap:eth0@2@", 14 },
        // options
        { "netmap:eth0@foo", 12 },
        { "netmap:eth0@-1", 12 },
        { "netmap:eth0@Conf:rings=1", 12 },
        { "netmap:eth0@conf", 16 },
        { "netmap:eth0@conf=2", 16 },
        { "netmap:eth0@conf:foo=1", 17 },
        { "netmap:eth0@conf:rings=2,foo=1", 25 },
        { "netmap:eth0@conf:rings=1,rings=2", 25 },
        { "netmap:eth0@conf:tx-rings=1,tx_rings=2", 28 },
        { "netmap:eth0@conf:rings", 22 },
        { "netmap:eth0@conf:rings,slots=2", 22 },
        { "netmap:eth0@conf:rings=2,", 25 },
        { "netmap:eth0@conf:,rings=2", 17 },
        { "netmap:eth0@conf:rings=x", 23 },
        { "netmap:eth0@conf:rings=2x", 24 },
        { "netmap:eth0@conf:rings=-1", 23 },
        { "netmap:eth0@conf:rings=65536", 23 },
        { "netmap:eth0@conf:slots=2147483648", 23 },
        { "netmap:eth0@conf:rings=1@", 25 },
        { "netmap:eth0@conf:rings=1@2", 25 },
        { "netmap:eth0@conf:rings=1@@conf:slots=1", 25 },
        { "netmap:eth0@share", 17 },
        { "netmap:eth0@share=", 18 },
        { "netmap:eth0@share:", 18 },
        { "netmap:eth0@share=eth1", 18 },
        { "netmap:eth0@share=netmap:", 25 },
        { "netmap:eth0@share:port=netmap:eth1,port=netmap:eth2", 35 },
        { "netmap:eth0@share=netmap:eth1@share=netmap:eth2", 30 },
        { "netmap:eth0@extmem", 18 },
        { "netmap:eth0@extmem:if-num=1", 27 },
        { "netmap:eth0@extmem:file=", 24 },
        { "netmap:eth0@extmem:file=/m,buf-num=x", 35 },
        { "netmap:eth0@extmem=/a@extmem=/b", 22 },
        { "netmap:eth0@offset", 18 },
        { "netmap:eth0@offset:bits=3", 25 },
        { "netmap:eth0@offset=64@offset=32", 22 },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Parse_rejects_with_the_position_of_the_offending_character(string portName, int position)
    {
        var error = Assert.Throws<NetmapPortNameException>(() => NetmapPortName.Parse(portName));

        Assert.Equal(position, error.Position);
        Assert.Equal(NetmapStep.ParseName, error.Step);
        Assert.Equal(Errno.EINVAL, error.Errno);
        Assert.Equal(portName, error.PortName);
        Assert.False(string.IsNullOrEmpty(error.Reason));
        if (portName.Length > 0)
        {
            Assert.Contains($"'{portName}'", error.Message, StringComparison.Ordinal);
        }

        Assert.Contains($"at position {position}:\n  {portName}\n  {new string(' ', position)}^ ", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("parsing port name", error.Message, StringComparison.Ordinal);

        Assert.False(NetmapPortName.TryParse(portName, out var spec, out var tryError));
        Assert.Null(spec);
        Assert.Equal(error.Message, tryError.Message);
    }

    [Fact]
    public void Message_matches_the_documented_shape()
    {
        var error = Assert.Throws<NetmapPortNameException>(() => NetmapPortName.Parse("netmap:eth0-x"));

        Assert.StartsWith(
            "parsing port name 'netmap:eth0-x' failed with EINVAL (22): expected a ring number after '-' at position 12:\n" +
            "  netmap:eth0-x\n" +
            "              ^ ",
            error.Message,
            StringComparison.Ordinal);
        Assert.EndsWith(NetmapErrorMessages.Advice(NetmapStep.ParseName, Errno.EINVAL), error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<NetmapException>(error);
    }

    [Theory]
    [InlineData("netmap:eth0/q", "unknown flag 'q'")]
    [InlineData("netmap:eth0@conf:foo=1", "unknown key 'foo'")]
    [InlineData("netmap:eth0@foo", "unknown option 'foo'")]
    [InlineData("netmap:eth0-4095", "out of range")]
    [InlineData("netmap:eth0@0", "memory region 0")]
    [InlineData("netmap:eth0{", "pipe id")]
    public void Reason_names_the_problem(string portName, string reason)
    {
        var error = Assert.Throws<NetmapPortNameException>(() => NetmapPortName.Parse(portName));

        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_an_argument_error()
    {
        Assert.Throws<ArgumentNullException>(() => NetmapPortName.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => NetmapPortName.TryParse(null!, out _, out _));
    }

    [Theory]
    [InlineData("netmap:eth0", "netmap:eth0")]
    [InlineData("netmap:eth0-0/Tx", "netmap:eth0-0/xT")]
    [InlineData("netmap:eth0/x@2/R", "netmap:eth0/xR@2")]
    [InlineData("netmap:eth0-007", "netmap:eth0-7")]
    [InlineData("netmap:eth0@2@2", "netmap:eth0@2")]
    [InlineData("netmap:eth0/@2", "netmap:eth0@2")]
    [InlineData("netmap:eth0@conf:slots=512,rings=2", "netmap:eth0@conf:rings=2,slots=512")]
    [InlineData("netmap:eth0@conf:tx-rings=3,rings=2", "netmap:eth0@conf:tx-rings=3,rx-rings=2")]
    [InlineData("netmap:eth0@conf:tx-rings=2,rx-rings=2", "netmap:eth0@conf:rings=2")]
    [InlineData("netmap:eth0@conf:", "netmap:eth0")]
    [InlineData("netmap:eth0@share:port=netmap:eth1", "netmap:eth0@share=netmap:eth1")]
    [InlineData("netmap:eth0@extmem:file=/m", "netmap:eth0@extmem=/m")]
    [InlineData("netmap:eth0@offset:initial=8", "netmap:eth0@offset=8")]
    [InlineData("vale0:a{1^", "vale0:a{1^")]
    [InlineData("netmap:vale0", "netmap:vale0")]
    public void Format_writes_canonical_names(string portName, string canonical)
    {
        Assert.Equal(canonical, NetmapPortName.Format(NetmapPortName.Parse(portName)));
    }

    public static TheoryData<NetmapPortSpec> Unwritable() => new()
    {
        new NetmapPortSpec { Name = "" },
        new NetmapPortSpec { Name = "eth0-1" },
        new NetmapPortSpec { Name = "netmap:eth0" },
        new NetmapPortSpec { Name = "eth0{" },
        new NetmapPortSpec { Name = new string('e', 64) },
        new NetmapPortSpec { Name = "eth0", Mode = NetmapRegMode.Null },
        new NetmapPortSpec { Name = "eth0", Mode = NetmapRegMode.Default },
        new NetmapPortSpec { Name = "eth0", Mode = NetmapRegMode.OneNic, RingId = 4095 },
        new NetmapPortSpec { Name = "eth0", Mode = NetmapRegMode.AllNic, RingId = 1 },
        new NetmapPortSpec { Name = "eth0", Flags = NetmapRegFlags.NoTxPoll },
        new NetmapPortSpec { Name = "eth0", Conf = new NetmapPortConf { TxRings = 65536 } },
        new NetmapPortSpec { Name = "eth0", Extmem = new NetmapPortExtmem { File = "" } },
        new NetmapPortSpec { Name = "eth0", Extmem = new NetmapPortExtmem { File = "/a@b" } },
        new NetmapPortSpec { Name = "eth0", Extmem = new NetmapPortExtmem { File = "/a,b", BufNum = 1 } },
        new NetmapPortSpec { Name = "eth0", ShareWith = "eth1" },
    };

    [Theory]
    [MemberData(nameof(Unwritable))]
    public void Format_refuses_specs_without_a_port_name(NetmapPortSpec spec)
    {
        Assert.Throws<ArgumentException>(() => NetmapPortName.Format(spec));
    }

    [Fact]
    public void Describe_mentions_the_mode_and_flags()
    {
        string text = NetmapPortName.Describe(NetmapPortName.Parse("netmap:eth0-1/xT@2@conf:rings=2"));

        Assert.Contains("netmap:eth0-1/xT@2@conf:rings=2", text, StringComparison.Ordinal);
        Assert.Contains("eth0", text, StringComparison.Ordinal);
        Assert.Contains("system interface", text, StringComparison.Ordinal);
        Assert.Contains("NR_REG_ONE_NIC", text, StringComparison.Ordinal);
        Assert.Contains("ring pair 1", text, StringComparison.Ordinal);
        Assert.Contains("/x NR_EXCLUSIVE", text, StringComparison.Ordinal);
        Assert.Contains("/T NR_TX_RINGS_ONLY", text, StringComparison.Ordinal);
        Assert.Contains("0x4800", text, StringComparison.Ordinal);
        Assert.Contains("mem id:", text, StringComparison.Ordinal);
        Assert.Contains("TX rings 2, RX rings 2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("NR_MONITOR", text, StringComparison.Ordinal);
        Assert.True(text.Split('\n').Length >= 6);
    }

    [Theory]
    [InlineData("netmap:eth0{3^", "pipe master '3'", "NR_REG_SW")]
    [InlineData("netmap:eth0}3", "pipe slave '3'", "NR_REG_ALL_NIC")]
    [InlineData("vale0:a*/zr", "VALE port 'a' on switch 'vale0'", "NR_REG_NIC_SW")]
    [InlineData("netmap:eth0^2/t@offset=8@extmem=/m@share=netmap:eth1", "system interface 'eth0'", "NR_REG_ONE_SW")]
    public void Describe_names_the_kind_and_mode(string portName, string kind, string mode)
    {
        string text = NetmapPortName.Describe(NetmapPortName.Parse(portName));

        Assert.Contains(kind, text, StringComparison.Ordinal);
        Assert.Contains(mode, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_explains_specs_that_have_no_name_syntax()
    {
        string text = NetmapPortName.Describe(new NetmapPortSpec
        {
            Name = "eth0",
            Mode = NetmapRegMode.Null,
            Flags = NetmapRegFlags.NoTxPoll | NetmapRegFlags.Exclusive,
            MemId = 1,
        });

        Assert.Contains("NR_REG_NULL", text, StringComparison.Ordinal);
        Assert.Contains("NR_NO_TX_POLL", text, StringComparison.Ordinal);
        Assert.Contains("/x NR_EXCLUSIVE", text, StringComparison.Ordinal);
        Assert.Contains("(none:", text, StringComparison.Ordinal);
    }

    private static uint? Count(int value) => value < 0 ? null : (uint)value;
}
