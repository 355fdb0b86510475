using System;
using System.IO;
using System.Threading;
using Netmap.Interop;
using Netmap.Interop.UserSpace;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>Two threads on the two ends, the raw descriptor, the rendezvous directory's safety, memory-only port info.</summary>
public sealed unsafe class ThreadsAndDescriptorTests : IClassFixture<RendezvousDirectory>
{
    private readonly RendezvousDirectory _dir;

    public ThreadsAndDescriptorTests(RendezvousDirectory dir) => _dir = dir;

    [Fact]
    public void Two_threads_move_many_packets_in_order_waiting_in_poll()
    {
        const int count = 100_000;
        string parent = RendezvousDirectory.UniqueParent();
        using UsPort m = UsPort.Open(_dir.Backend, parent + "{1", (ref NmReqRegister q) => { q.TxSlots = 128; q.RxSlots = 128; });
        using UsPort s = UsPort.Open(_dir.Backend, parent + "}1");
        Exception? failure = null;
        var sender = new Thread(() =>
        {
            try
            {
                NetmapRing tx = m.Tx();
                for (int seq = 0; seq < count;)
                {
                    if (tx.Space == 0)
                    {
                        m.Poll(PollEvents.Out, 5000);
                        continue;
                    }

                    Packet.Write(tx, seq++);
                    if (seq % 32 == 0)
                    {
                        m.TxSync();
                    }
                }

                m.TxSync();
            }
            catch (Exception ex) when (ex is InvalidOperationException)
            {
                failure = ex;
            }
        });
        sender.Start();
        NetmapRing rx = s.Rx();
        for (int expected = 0; expected < count;)
        {
            Assert.Equal(PollEvents.In, s.Poll(PollEvents.In, 5000));
            while (!rx.IsEmpty)
            {
                Assert.Equal(expected++, Packet.Read(rx));
            }
        }

        Assert.True(sender.Join(10_000));
        Assert.Null(failure);
    }

    [Fact]
    public void The_handle_descriptor_becomes_readable_when_the_peer_publishes()
    {
        string parent = RendezvousDirectory.UniqueParent();
        using UsPort m = UsPort.Open(_dir.Backend, parent + "{1");
        using UsPort s = UsPort.Open(_dir.Backend, parent + "}1");
        s.Poll(PollEvents.In, 0);
        Assert.False(RawPoll.Readable(s.Handle.FileDescriptor, 0));
        Packet.Write(m.Tx(), 5);
        Assert.Equal(0, m.TxSync());
        Assert.True(RawPoll.Readable(s.Handle.FileDescriptor, 1000));
        Assert.Equal(PollEvents.In, s.Poll(PollEvents.In, 0));
    }

    [Fact]
    public void A_symlinked_rendezvous_directory_is_refused()
    {
        string target = _dir.Path + "-target";
        string link = _dir.Path + "-link";
        Directory.CreateDirectory(target);
        try
        {
            Directory.CreateSymbolicLink(link, target);
            using var backend = new UserSpaceNetmapBackend(new UserSpaceNetmapOptions { RendezvousDirectory = link });
            Assert.Equal(Errno.EACCES, backend.Open(out NetmapHandle? h));
            Assert.Null(h);
        }
        finally
        {
            File.Delete(link);
            Directory.Delete(target, recursive: true);
        }
    }

    [Fact]
    public void Port_info_without_a_name_reports_the_global_region_and_an_unknown_id_is_einval()
    {
        Assert.Equal(0, _dir.Backend.Open(out NetmapHandle? h));
        using (h)
        {
            var info = new NmReqPortInfoGet();
            var hdr = new NmReqHeader { Version = NetmapApi.Version, ReqType = (ushort)NetmapReqType.PortInfoGet, Body = (ulong)&info };
            Assert.Equal(0, _dir.Backend.Ioctl(h!, NetmapIoctl.NIOCCTRL, &hdr));
            Assert.Equal(343019520UL, info.MemSize);
            Assert.Equal(1, info.MemId);
            info = new NmReqPortInfoGet { MemId = 999 };
            Assert.Equal(Errno.EINVAL, _dir.Backend.Ioctl(h!, NetmapIoctl.NIOCCTRL, &hdr));
        }
    }
}
