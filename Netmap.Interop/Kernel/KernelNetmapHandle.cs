namespace Netmap.Interop.Kernel;

/// <summary>A file descriptor of <c>/dev/netmap</c>.</summary>
internal sealed class KernelNetmapHandle(int fd) : NetmapHandle(fd)
{
    public override NetmapBackendKind Backend => NetmapBackendKind.Kernel;

    protected override bool ReleaseHandle() => Native.Libc.Close(FileDescriptor) == 0;
}
