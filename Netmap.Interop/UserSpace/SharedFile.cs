using System;
using System.Runtime.InteropServices;
using Netmap.Interop.Native;

namespace Netmap.Interop.UserSpace;

/// <summary>
/// A file under the rendezvous directory mapped MAP_SHARED, so every process that opens it by name sees the same
/// bytes. Files are owner-only and opened without following symlinks, so nobody can redirect them.
/// </summary>
internal sealed unsafe class SharedFile : IDisposable
{
    private SharedFile(string path, int fd, byte* address, ulong length)
    {
        Path = path;
        Fd = fd;
        Address = address;
        Length = length;
    }

    public string Path { get; }

    public int Fd { get; private set; }

    public byte* Address { get; private set; }

    public ulong Length { get; }

    /// <summary>Creates (O_EXCL) a zero-filled sparse file of <paramref name="length"/> bytes and maps it.</summary>
    public static int Create(string path, ulong length, out SharedFile? file) => OpenCore(path, length, create: true, out file);

    /// <summary>Maps an existing file of <paramref name="length"/> bytes.</summary>
    public static int Open(string path, ulong length, out SharedFile? file) => OpenCore(path, length, create: false, out file);

    private static int OpenCore(string path, ulong length, bool create, out SharedFile? file)
    {
        file = null;
        int flags = LinuxConstants.O_RDWR | LinuxConstants.O_CLOEXEC | Libc.O_NOFOLLOW | (create ? Libc.O_CREAT | Libc.O_EXCL : 0);
        int fd = Libc.Open(path, flags, 0x180);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        if (create && Libc.Ftruncate(fd, (long)length) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            Libc.Close(fd);
            Libc.Unlink(path);
            return error;
        }

        void* address = Libc.Mmap(null, (nuint)length, LinuxConstants.PROT_READ | LinuxConstants.PROT_WRITE, LinuxConstants.MAP_SHARED, fd, 0);
        if ((nint)address == Libc.MapFailed)
        {
            int error = Marshal.GetLastPInvokeError();
            Libc.Close(fd);
            return error;
        }

        file = new SharedFile(path, fd, (byte*)address, length);
        return 0;
    }

    /// <summary>Unmaps and closes; the file stays until <see cref="Delete"/>.</summary>
    public void Dispose()
    {
        if (Address != null)
        {
            Libc.Munmap(Address, (nuint)Length);
            Address = null;
        }

        if (Fd >= 0)
        {
            Libc.Close(Fd);
            Fd = -1;
        }
    }

    /// <summary>Removes the file's name; mappings that still exist keep their memory until unmapped.</summary>
    public void Delete() => Libc.Unlink(Path);
}
