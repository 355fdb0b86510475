using System;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// Host ring → ifindex of the capture TAP of the process that binds that host RX ring (0: nobody), one per
/// interface, shared by id like the XDP steal so every process's <see cref="EgressSteer"/> finds the host ring's
/// reader whichever process it is. A killed reader's TAP vanishes with it; redirects to it are then dropped, as
/// frames on an unread host ring are.
/// </summary>
internal sealed class HostTapMap : IDisposable
{
    private HostTapMap(int fd, uint id)
    {
        Fd = fd;
        Id = id;
    }

    public int Fd { get; private set; }

    public uint Id { get; }

    public static int CreateOrJoin(uint id, uint hostRings, out HostTapMap? map, out string? why)
    {
        map = null;
        why = null;
        int fd = id != 0 ? BpfSys.MapById(id) : -1;
        Span<uint> info = stackalloc uint[2];
        if (fd >= 0 && !(BpfSys.Info(fd, info) && info[0] == BpfSys.MapTypeArray))
        {
            LinuxSys.Close(fd);
            fd = -1;
        }

        if (fd < 0 && id != 0 && LinuxSys.LastError == Errno.EPERM)
        {
            why = $"bpf(BPF_MAP_GET_FD_BY_ID, {id}): EPERM";
            return Errno.EPERM;
        }

        if (fd < 0)
        {
            fd = BpfSys.MapCreate(BpfSys.MapTypeArray, hostRings, "nmus_taps");
            if (fd < 0)
            {
                int e = LinuxSys.LastError;
                why = $"bpf(BPF_MAP_CREATE, ARRAY): {Errno.Name(e)}";
                return e;
            }

            id = BpfSys.Id(fd);
        }

        map = new HostTapMap(fd, id);
        return 0;
    }

    /// <summary>Host ring <paramref name="hostRing"/> is read through TAP <paramref name="ifindex"/> (0: by nobody).</summary>
    public void Set(uint hostRing, uint ifindex) => BpfSys.MapUpdate(Fd, hostRing, ifindex);

    public void Dispose()
    {
        if (Fd >= 0)
        {
            LinuxSys.Close(Fd);
            Fd = -1;
        }
    }
}
