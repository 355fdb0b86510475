using System;
using Netmap.Interop;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>open + REGISTER + mmap through the seam, for the user-space tests.</summary>
internal sealed unsafe class UsPort : IDisposable
{
    private UsPort(INetmapBackend backend, NetmapHandle handle, NmReqRegister reply, NetmapMapping mapping)
    {
        Backend = backend;
        Handle = handle;
        Reply = reply;
        Mapping = mapping;
    }

    public delegate void Setup(ref NmReqRegister req);

    public INetmapBackend Backend { get; }

    public NetmapHandle Handle { get; }

    public NmReqRegister Reply { get; }

    public NetmapMapping Mapping { get; }

    public NetmapIf Nifp => new(Mapping.Address + Reply.Offset);

    public NetmapRing Tx(uint i = 0) => Nifp.TxRing(i);

    public NetmapRing Rx(uint i = 0) => Nifp.RxRing(i);

    public static int TryOpen(INetmapBackend backend, string name, Setup? setup, out UsPort? port)
    {
        port = null;
        int error = backend.Open(out NetmapHandle? handle);
        if (error != 0)
        {
            return error;
        }

        var req = new NmReqRegister { Mode = (uint)NetmapRegMode.AllNic };
        setup?.Invoke(ref req);
        error = Register(backend, handle!, name, ref req);
        if (error == 0)
        {
            error = backend.Mmap(handle!, req.MemSize, out NetmapMapping? mapping);
            if (error == 0)
            {
                port = new UsPort(backend, handle!, req, mapping!);
                return 0;
            }
        }

        handle!.Dispose();
        return error;
    }

    public static UsPort Open(INetmapBackend backend, string name, Setup? setup = null)
    {
        int error = TryOpen(backend, name, setup, out UsPort? port);
        return error == 0 ? port! : throw new InvalidOperationException($"opening {name}: {Errno.Name(error)}");
    }

    public static int Register(INetmapBackend backend, NetmapHandle handle, string name, ref NmReqRegister req)
    {
        fixed (NmReqRegister* body = &req)
        {
            var hdr = new NmReqHeader { Version = NetmapApi.Version, ReqType = (ushort)NetmapReqType.Register, Body = (ulong)body };
            hdr.SetName(name);
            return backend.Ioctl(handle, NetmapIoctl.NIOCCTRL, &hdr);
        }
    }

    public int TxSync() => Backend.Ioctl(Handle, NetmapIoctl.NIOCTXSYNC, null);

    public int RxSync() => Backend.Ioctl(Handle, NetmapIoctl.NIOCRXSYNC, null);

    public PollEvents Poll(PollEvents events, int timeout = 0)
    {
        Span<NetmapPollFd> fds = [new NetmapPollFd(Handle, events)];
        int error = Backend.Poll(fds, timeout, out _);
        return error == 0 ? fds[0].Revents : throw new InvalidOperationException($"poll: {Errno.Name(error)}");
    }

    public void Dispose()
    {
        Mapping.Dispose();
        Handle.Dispose();
    }
}
