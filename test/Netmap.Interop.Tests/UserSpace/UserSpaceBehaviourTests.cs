using System.IO;
using Netmap.Interop;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>What only the user-space netmap does: its files, its unsupported ports, region 1's layout.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed unsafe class UserSpaceBehaviourTests : IClassFixture<RendezvousDirectory>
{
    private readonly RendezvousDirectory _dir;

    public UserSpaceBehaviourTests(RendezvousDirectory dir) => _dir = dir;

    [Fact]
    public void Interface_names_are_enxio_when_missing_and_einval_when_the_mtu_exceeds_the_buffer()
    {
        Assert.Equal(Errno.ENXIO, UsPort.TryOpen(_dir.Backend, "nosuchif0", null, out _));

        // lo's MTU (65536) is above the 2048-byte buffers: refused before anything is installed on it.
        Assert.Equal(Errno.EINVAL, UsPort.TryOpen(_dir.Backend, "lo", null, out _));
    }

    [Fact]
    public void Vale_ports_and_monitors_are_not_emulated_yet()
    {
        Assert.Equal(Errno.EOPNOTSUPP, UsPort.TryOpen(_dir.Backend, "vale0:a", null, out _));
        Assert.Equal(Errno.EOPNOTSUPP, UsPort.TryOpen(_dir.Backend, "vale0:a{1", null, out _));
        Assert.Equal(Errno.EOPNOTSUPP, UsPort.TryOpen(_dir.Backend, RendezvousDirectory.UniqueParent() + "{1",
            (ref NmReqRegister q) => q.Flags = (ulong)NetmapRegFlags.MonitorTx, out _));
    }

    [Fact]
    public void Pipe_region_files_are_owner_only_and_removed_with_the_last_close()
    {
        string parent = RendezvousDirectory.UniqueParent();
        using (UsPort m = UsPort.Open(_dir.Backend, parent + "{1"))
        {
            string region = Path.Combine(_dir.Path, $"mem{m.Reply.MemId}.region");
            Assert.True(File.Exists(region));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(region));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_dir.Path));
            using (UsPort s = UsPort.Open(_dir.Backend, parent + "}1"))
            {
            }

            Assert.True(File.Exists(region));
        }

        Assert.DoesNotContain(Directory.GetFiles(_dir.Path, "mem*"), f => !f.Contains("mem1.", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Pipe_on_an_interface_parent_uses_region_1_with_the_kernel_default_layout()
    {
        using UsPort m = UsPort.Open(_dir.Backend, "lo{" + RendezvousDirectory.UniqueParent());
        Assert.Equal(1, m.Reply.MemId);
        Assert.Equal(343019520UL, m.Reply.MemSize);
        NetmapRing tx = m.Tx();
        Assert.Equal(7475200L, tx.Address + tx.Header.BufOfs - (long)m.Mapping.Address);
        Assert.Equal(NetmapIfFlags.None, m.Nifp.Flags);
    }

    [Fact]
    public void Null_port_syncs_move_nothing()
    {
        string parent = RendezvousDirectory.UniqueParent();
        using UsPort m = UsPort.Open(_dir.Backend, parent + "{1");
        ushort memId = m.Reply.MemId;
        using UsPort n = UsPort.Open(_dir.Backend, "n", (ref NmReqRegister q) =>
        {
            q.Mode = (uint)NetmapRegMode.Null;
            q.MemId = memId;
            q.TxRings = 1;
            q.RxRings = 1;
            q.TxSlots = 8;
            q.RxSlots = 8;
        });
        NetmapRing tx = n.Tx();
        tx.Head = tx.Cur = 3;
        Assert.Equal(0, n.TxSync());
        Assert.Equal(7u, tx.Tail);
        Assert.Equal(0, n.RxSync());
        Assert.Equal(0u, n.Rx().Tail);
    }

    [Fact]
    public void Pipes_on_two_interfaces_share_region_1()
    {
        string id = RendezvousDirectory.UniqueParent();
        using UsPort a = UsPort.Open(_dir.Backend, "lo{" + id);
        using UsPort b = UsPort.Open(_dir.Backend, "lo}" + id);
        Assert.Equal(1, a.Reply.MemId);
        Assert.Equal(1, b.Reply.MemId);
        Assert.Equal(a.Tx().Slot(0).BufIdx, b.Rx().Slot(0).BufIdx);
    }

    [Fact]
    public void A_new_pipe_parent_given_a_memory_id_lives_in_that_region_until_both_are_gone()
    {
        string first = RendezvousDirectory.UniqueParent();
        string second = RendezvousDirectory.UniqueParent();
        ushort memId;
        using (UsPort a = UsPort.Open(_dir.Backend, first + "{1", (ref NmReqRegister q) => { q.TxSlots = 8; q.RxSlots = 8; }))
        {
            memId = a.Reply.MemId;
            using UsPort b = UsPort.Open(_dir.Backend, second + "{1", (ref NmReqRegister q) => { q.MemId = memId; q.TxSlots = 8; q.RxSlots = 8; });
            Assert.Equal(memId, b.Reply.MemId);
            using UsPort c = UsPort.Open(_dir.Backend, second + "}1");
            Assert.Equal(memId, c.Reply.MemId);
            Assert.Equal(Errno.EINVAL, UsPort.TryOpen(_dir.Backend, second + "{2", (ref NmReqRegister q) => q.MemId = 1, out _));
        }

        Assert.False(File.Exists(Path.Combine(_dir.Path, $"mem{memId}.region")));
    }
}
