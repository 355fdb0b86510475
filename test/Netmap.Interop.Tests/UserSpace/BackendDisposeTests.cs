using System.Threading;
using Netmap.Interop.UserSpace;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>Disposing the backend while another thread is inside an operation under the rendezvous lock.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BackendDisposeTests
{
    [Fact]
    public void Dispose_waits_for_an_operation_in_progress_before_unmapping_its_regions_and_refuses_later_ones()
    {
        using var dir = new RendezvousDirectory();
        using UsPort port = UsPort.Open(dir.Backend, RendezvousDirectory.UniqueParent() + "{1");
        BoundPort b = ((UserSpaceNetmapHandle)port.Handle).Bound!;
        Rendezvous rv = dir.Backend.Rendezvous;
        var disposer = new Thread(dir.Backend.Dispose);

        // This thread plays a REGISTER sweeping dead owners (or a close run by the finalizer): it holds the lock
        // and reads the region's tables and its netmap_if.
        using (rv.Lock.Enter())
        {
            disposer.Start();
            Assert.False(disposer.Join(300), "Dispose unmapped the regions under an operation holding the lock");
            Assert.False(b.Region.IsDisposed);
            Assert.Equal(1, b.Region.Binding(b.Binding).InUse);
        }

        Assert.True(disposer.Join(10_000));
        Assert.True(b.Region.IsDisposed);
        Assert.Throws<System.ObjectDisposedException>(() => rv.Lock.Enter());
    }

    [Fact]
    public void After_dispose_a_handle_s_syncs_are_ebadf_and_poll_reports_pollnval_without_throwing()
    {
        var dir = new RendezvousDirectory();
        UsPort port = UsPort.Open(dir.Backend, RendezvousDirectory.UniqueParent() + "{1");
        try
        {
            dir.Backend.Dispose();
            Assert.Equal(UserSpaceErrno.EBADF, port.TxSync());
            Assert.Equal(UserSpaceErrno.EBADF, port.RxSync());
            System.Span<NetmapPollFd> fds = [new NetmapPollFd(port.Handle, PollEvents.In)];
            Assert.Equal(0, dir.Backend.Poll(fds, 0, out int ready));
            Assert.Equal((1, PollEvents.Nval), (ready, fds[0].Revents));
        }
        finally
        {
            port.Dispose();
            dir.Dispose();
        }
    }
}
