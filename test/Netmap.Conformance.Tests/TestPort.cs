using System;
using Netmap.Interop;

namespace Netmap.Conformance.Tests;

/// <summary>
/// One netmap port opened the way a C program does it: open, NIOCCTRL REGISTER, mmap. Only the seam is used, so
/// these tests run unchanged on the kernel module (NETMAP_BACKEND=kernel).
/// </summary>
internal sealed unsafe class TestPort : IDisposable
{
    private TestPort(INetmapBackend backend, NetmapHandle handle, NmReqRegister reply, NetmapMapping mapping)
    {
        Backend = backend;
        Handle = handle;
        Reply = reply;
        Mapping = mapping;
    }

    public INetmapBackend Backend { get; }

    public NetmapHandle Handle { get; }

    public NmReqRegister Reply { get; }

    public NetmapMapping Mapping { get; }

    public NetmapIf Nifp => new(Mapping.Address + Reply.Offset);

    public NetmapRing Tx(uint i = 0) => Nifp.TxRing(i);

    public NetmapRing Rx(uint i = 0) => Nifp.RxRing(i);

    public static INetmapBackend DefaultBackend => NetmapBackends.Select(NetmapBackendPreference.Auto).Backend;

    /// <summary>A pipe parent name unique to one test, short enough for ni_name (15 bytes with "{id").</summary>
    public static string UniqueParent() => "t" + Guid.NewGuid().ToString("N")[..8];

    public delegate void Setup(ref NmReqRegister req);

    public static TestPort Open(string name, Setup? setup = null, INetmapBackend? backend = null)
    {
        int error = TryOpen(name, setup, out TestPort? port, backend);
        if (error != 0)
        {
            throw new InvalidOperationException($"opening {name} failed with {Errno.Name(error)}");
        }

        return port!;
    }

    public static int TryOpen(string name, Setup? setup, out TestPort? port, INetmapBackend? backend = null)
    {
        backend ??= DefaultBackend;
        port = null;
        int error = backend.Open(out NetmapHandle? handle);
        if (error != 0)
        {
            return error;
        }

        var req = new NmReqRegister { Mode = (uint)NetmapRegMode.AllNic };
        setup?.Invoke(ref req);
        error = Register(backend, handle!, name, ref req);
        if (error != 0)
        {
            handle!.Dispose();
            return error;
        }

        error = backend.Mmap(handle!, req.MemSize, out NetmapMapping? mapping);
        if (error != 0)
        {
            handle!.Dispose();
            return error;
        }

        port = new TestPort(backend, handle!, req, mapping!);
        return 0;
    }

    public static NmReqHeader Header(string name, NetmapReqType type, void* body)
    {
        var hdr = new NmReqHeader { Version = NetmapApi.Version, ReqType = (ushort)type, Body = (ulong)body };
        hdr.SetName(name);
        return hdr;
    }

    public static int Register(INetmapBackend backend, NetmapHandle handle, string name, ref NmReqRegister req)
    {
        fixed (NmReqRegister* body = &req)
        {
            NmReqHeader hdr = Header(name, NetmapReqType.Register, body);
            return backend.Ioctl(handle, NetmapIoctl.NIOCCTRL, &hdr);
        }
    }

    public int TxSync() => Backend.Ioctl(Handle, NetmapIoctl.NIOCTXSYNC, null);

    public int RxSync() => Backend.Ioctl(Handle, NetmapIoctl.NIOCRXSYNC, null);

    public PollEvents Poll(PollEvents events, int timeout = 0)
    {
        Span<NetmapPollFd> fds = [new NetmapPollFd(Handle, events)];
        int error = Backend.Poll(fds, timeout, out _);
        if (error != 0)
        {
            throw new InvalidOperationException($"poll failed with {Errno.Name(error)}");
        }

        return fds[0].Revents;
    }

    /// <summary>Writes <paramref name="payload"/> into TX slot head and advances head and cur.</summary>
    public void Put(ReadOnlySpan<byte> payload, NetmapSlotFlags flags = NetmapSlotFlags.None)
    {
        NetmapRing ring = Tx();
        uint h = ring.Head;
        ref NetmapSlot slot = ref ring.Slot(h);
        payload.CopyTo(ring.Buffer(slot.BufIdx));
        slot.Len = (ushort)payload.Length;
        slot.Flags = (ushort)flags;
        ring.Head = ring.Cur = ring.Next(h);
    }

    /// <summary>Reads RX slot head's bytes and advances head and cur.</summary>
    public byte[] Take()
    {
        NetmapRing ring = Rx();
        uint h = ring.Head;
        byte[] data = ring.SlotData(h).ToArray();
        ring.Head = ring.Cur = ring.Next(h);
        return data;
    }

    public void Dispose()
    {
        Mapping.Dispose();
        Handle.Dispose();
    }
}
