using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Netmap.Interop;
using Netmap.Interop.UserSpace;
using Netmap.Interop.UserSpace.State;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>
/// Processes of different builds in one rendezvous directory (test projects built at different times, files an
/// older build left behind): a region whose tables another build laid out is refused, never read with this build's
/// struct sizes.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed unsafe class ForeignLayoutTests
{
    [Fact]
    public void A_region_of_a_build_with_other_table_sizes_is_neither_swept_nor_bound()
    {
        using var dir = new RendezvousDirectory();
        string parent = RendezvousDirectory.UniqueParent();
        string foreignParent = "f" + parent[1..];
        uint foreign;
        using (UsPort model = UsPort.Open(dir.Backend, parent + "{1"))
        {
            // The foreign build's region: a header as builds before the layout signature wrote it ("SUMN", no
            // layout), and where this build looks for bindings, what a build whose port entries are 8 bytes longer
            // keeps there: its buffer bitmap, 0x01 for every buffer its rings hold.
            Region r = ((UserSpaceNetmapHandle)model.Handle).Bound!.Region;
            foreign = r.MemId + 1000;
            File.Copy(Region.StatePath(dir.Path, r.MemId), Region.StatePath(dir.Path, foreign));
            using (FileStream m = File.Create(Region.MemoryPath(dir.Path, foreign)))
            {
                m.SetLength((long)r.MemSize);
            }

            using FileStream s = File.OpenWrite(Region.StatePath(dir.Path, foreign));
            s.Write(BitConverter.GetBytes(0x4e4d5553u));
            s.Position = (int)Marshal.OffsetOf<RegionHeaderState>(nameof(RegionHeaderState.MaxBindings)) + sizeof(uint);
            s.Write(new byte[sizeof(ulong)]);
            s.Position = (long)r.Layout.BindingsOffset;
            byte[] bitmap = new byte[r.Header.MaxBindings * sizeof(BindingState)];
            Array.Fill(bitmap, (byte)1);
            s.Write(bitmap);
        }

        Rendezvous rv = dir.Backend.Rendezvous;
        using (rv.Lock.Enter())
        {
            Assert.Equal(0, rv.AddParent(foreignParent, foreign));
        }

        byte[] before = SHA256.HashData(File.ReadAllBytes(Region.StatePath(dir.Path, foreign)));

        // REGISTER sweeps every known region for dead owners first.
        using (UsPort p = UsPort.Open(dir.Backend, RendezvousDirectory.UniqueParent() + "{1"))
        {
            Assert.Equal(0, p.TxSync());
        }

        Assert.Equal(Errno.EINVAL, UsPort.TryOpen(dir.Backend, foreignParent + "}1", null, out _));
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(Region.StatePath(dir.Path, foreign))));
    }

    [Fact]
    public void Region_1_left_by_an_older_build_is_made_anew_instead_of_blocking_interface_ports()
    {
        using var dir = new RendezvousDirectory();
        using (UsPort.Open(dir.Backend, RendezvousDirectory.UniqueParent() + "{1"))
        {
        }

        Rendezvous rv = dir.Backend.Rendezvous;
        using (rv.Lock.Enter())
        {
            Assert.Equal(0, rv.GetRegion(Rendezvous.GlobalMemId, out Region? r));
            rv.ReleaseLocal(r!);
        }

        using (FileStream s = File.OpenWrite(Region.StatePath(dir.Path, Rendezvous.GlobalMemId)))
        {
            s.Write(BitConverter.GetBytes(RegionHeaderState.LegacyMagicValue));
        }

        using (rv.Lock.Enter())
        {
            Assert.Equal(0, rv.GetRegion(Rendezvous.GlobalMemId, out Region? r));
            Assert.Equal(RegionHeaderState.MagicValue, r!.Header.Magic);
            Assert.Equal(RegionHeaderState.CurrentLayout, r.Header.Layout);
            Assert.Equal(343019520ul, r.MemSize);
            rv.ReleaseLocal(r);
        }
    }

    [Fact]
    public void A_registry_of_a_build_with_another_layout_is_refused_with_a_message_and_left_unchanged()
    {
        string path = Path.Combine("/dev/shm", "netmap-test-" + Guid.NewGuid().ToString("N")[..12]);
        var log = new Linux.LogCapture();
        try
        {
            using (var first = new UserSpaceNetmapBackend(new UserSpaceNetmapOptions { RendezvousDirectory = path }))
            {
                Assert.Equal(0, first.Open(out NetmapHandle? h));
                h!.Dispose();
            }

            // What a build with a longer registry entry would have written: same magic, its own signature.
            string state = Path.Combine(path, "netmap.state");
            byte[] bytes = File.ReadAllBytes(state);
            ulong theirs = RegistryState.Layout + (1UL << 32);
            BitConverter.TryWriteBytes(bytes.AsSpan(8, 8), theirs);
            File.WriteAllBytes(state, bytes);

            using var second = new UserSpaceNetmapBackend(new UserSpaceNetmapOptions { RendezvousDirectory = path, Logger = log });
            Assert.Equal(Errno.EACCES, second.Open(out _));
            Assert.Contains("another registry layout", log.All, StringComparison.Ordinal);
            Assert.Equal(theirs, BitConverter.ToUInt64(File.ReadAllBytes(state), 8));
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
