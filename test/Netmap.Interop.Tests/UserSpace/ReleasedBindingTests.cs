using System;
using Netmap.Interop;
using Netmap.Interop.UserSpace;
using Netmap.Interop.UserSpace.State;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>
/// A binding the sweep of dead owners has released (its owner judged gone) while the handle still exists: the
/// slot and its netmap_if go to the next REGISTER, and the old handle's close must not unbind that new binding.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed unsafe class ReleasedBindingTests
{
    [Fact]
    public void Closing_a_handle_whose_binding_was_swept_leaves_the_binding_that_reused_its_slot_intact()
    {
        using var dir = new RendezvousDirectory();
        string parent = RendezvousDirectory.UniqueParent();
        using UsPort slave = UsPort.Open(dir.Backend, parent + "}1");
        UsPort stale = UsPort.Open(dir.Backend, parent + "{1");
        BoundPort old = ((UserSpaceNetmapHandle)stale.Handle).Bound!;
        Region region = old.Region;

        // What another process's sweep does when it judges this binding's owner gone: a pid that cannot exist.
        region.Binding(old.Binding).Pid = int.MaxValue;

        using UsPort reused = UsPort.Open(dir.Backend, parent + "{1", (ref NmReqRegister q) => q.ExtraBufs = 2);
        var h = (UserSpaceNetmapHandle)reused.Handle;
        BoundPort now = h.Bound!;
        Assert.Same(region, now.Region);
        Assert.Equal(old.Binding, now.Binding);
        Assert.Equal(old.Port, now.Port);
        Assert.Equal(2u, reused.Reply.ExtraBufs);

        stale.Dispose();

        ref BindingState bs = ref region.Binding(now.Binding);
        Assert.Equal(1, bs.InUse);
        Assert.Equal(Environment.ProcessId, bs.Pid);
        Assert.Equal(h.Seq, bs.Seq);
        Assert.Equal(1, region.Port(now.Port).Users);
        Assert.Equal(2, region.LocalBindings);
        Assert.NotEqual(0u, ((NetmapIfHeader*)(region.Base + bs.NifpOffset))->BufsHead);
        Assert.Equal(0, reused.TxSync());
    }
}
