using System;
using System.Threading;
using Netmap.Interop;
using Xunit;

namespace Netmap.Conformance.Tests;

/// <summary>netmap_poll (notes.md §5): implicit syncs, readiness on cur != tail, POLLERR, timeouts.</summary>
public sealed class PollTests
{
    private static (TestPort M, TestPort S) Pipe()
    {
        string parent = TestPort.UniqueParent();
        TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) => { q.TxSlots = 8; q.RxSlots = 8; });
        TestPort s = TestPort.Open(parent + "}1");
        return (m, s);
    }

    [Fact]
    public void Unbound_handle_polls_pollerr()
    {
        INetmapBackend backend = TestPort.DefaultBackend;
        Assert.Equal(0, backend.Open(out NetmapHandle? h));
        using (h)
        {
            Span<NetmapPollFd> fds = [new NetmapPollFd(h!, PollEvents.In)];
            Assert.Equal(0, backend.Poll(fds, 0, out int ready));
            Assert.Equal(1, ready);
            Assert.Equal(PollEvents.Err, fds[0].Revents);
        }
    }

    [Fact]
    public void Poll_flushes_pending_tx_and_reports_pollout_while_space_is_left()
    {
        (TestPort m, TestPort s) = Pipe();
        using (m)
        using (s)
        {
            m.Put([1]);
            Assert.Equal(PollEvents.Out, m.Poll(PollEvents.Out));
            Assert.Equal(PollEvents.In, s.Poll(PollEvents.In));
            Assert.Equal(1u, s.Rx().Tail);
        }
    }

    [Fact]
    public void Poll_without_pollout_still_flushes_tx_unless_no_tx_poll()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) => q.Flags = (ulong)NetmapRegFlags.NoTxPoll);
        using TestPort s = TestPort.Open(parent + "}1");
        m.Put([1]);
        Assert.Equal(PollEvents.None, m.Poll(PollEvents.In));
        Assert.Equal(PollEvents.None, s.Poll(PollEvents.In));
        Assert.Equal(PollEvents.Out, m.Poll(PollEvents.Out));
        Assert.Equal(PollEvents.In, s.Poll(PollEvents.In));

        string parent2 = TestPort.UniqueParent();
        using TestPort m2 = TestPort.Open(parent2 + "{1");
        using TestPort s2 = TestPort.Open(parent2 + "}1");
        m2.Put([1]);
        Assert.Equal(PollEvents.None, m2.Poll(PollEvents.In));
        Assert.Equal(PollEvents.In, s2.Poll(PollEvents.In));
    }

    [Fact]
    public void Timeout_returns_zero_ready_when_nothing_arrives()
    {
        (TestPort m, TestPort s) = Pipe();
        using (m)
        using (s)
        {
            Span<NetmapPollFd> fds = [new NetmapPollFd(s.Handle, PollEvents.In)];
            Assert.Equal(0, s.Backend.Poll(fds, 50, out int ready));
            Assert.Equal(0, ready);
            Assert.Equal(PollEvents.None, fds[0].Revents);
        }
    }

    [Fact]
    public void Blocked_poll_wakes_when_the_peer_sends()
    {
        (TestPort m, TestPort s) = Pipe();
        using (m)
        using (s)
        {
            PollEvents result = PollEvents.None;
            var waiter = new Thread(() => result = s.Poll(PollEvents.In, 10_000));
            waiter.Start();
            Thread.Sleep(100);
            m.Put([42]);
            Assert.Equal(0, m.TxSync());
            Assert.True(waiter.Join(5_000), "poll did not wake up");
            Assert.Equal(PollEvents.In, result);
        }
    }

    [Fact]
    public void Several_handles_in_one_call_report_each_its_own_readiness()
    {
        (TestPort m, TestPort s) = Pipe();
        using (m)
        using (s)
        {
            m.Put([1]);
            Assert.Equal(0, m.TxSync());
            Span<NetmapPollFd> fds = [new NetmapPollFd(m.Handle, PollEvents.In), new NetmapPollFd(s.Handle, PollEvents.In | PollEvents.Out)];
            Assert.Equal(0, m.Backend.Poll(fds, 1000, out int ready));
            Assert.Equal(1, ready);
            Assert.Equal(PollEvents.None, fds[0].Revents);
            Assert.Equal(PollEvents.In | PollEvents.Out, fds[1].Revents);
        }
    }
}
