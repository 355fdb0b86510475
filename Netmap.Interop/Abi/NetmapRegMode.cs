namespace Netmap.Interop;

/// <summary><c>nmreq_register.nr_mode</c>: which rings a registration binds.</summary>
public enum NetmapRegMode : uint
{
    /// <summary><c>NR_REG_DEFAULT</c>: rejected by REGISTER (EINVAL); kept for completeness.</summary>
    [NativeName("NR_REG_DEFAULT")] Default = 0,
    /// <summary><c>NR_REG_ALL_NIC</c>: every NIC ring (port name without a mode suffix).</summary>
    [NativeName("NR_REG_ALL_NIC")] AllNic = 1,
    /// <summary><c>NR_REG_SW</c>: every host ring (<c>^</c>).</summary>
    [NativeName("NR_REG_SW")] Sw = 2,
    /// <summary><c>NR_REG_NIC_SW</c>: every NIC and host ring (<c>*</c>).</summary>
    [NativeName("NR_REG_NIC_SW")] NicSw = 3,
    /// <summary><c>NR_REG_ONE_NIC</c>: the NIC ring pair <c>nr_ringid</c> (<c>-N</c>).</summary>
    [NativeName("NR_REG_ONE_NIC")] OneNic = 4,
    /// <summary><c>NR_REG_PIPE_MASTER</c>: obsolete pipe mode, rejected (EINVAL).</summary>
    [NativeName("NR_REG_PIPE_MASTER")] PipeMaster = 5,
    /// <summary><c>NR_REG_PIPE_SLAVE</c>: obsolete pipe mode, rejected (EINVAL).</summary>
    [NativeName("NR_REG_PIPE_SLAVE")] PipeSlave = 6,
    /// <summary><c>NR_REG_NULL</c>: a port without data rings on an existing memory region.</summary>
    [NativeName("NR_REG_NULL")] Null = 7,
    /// <summary><c>NR_REG_ONE_SW</c>: the host ring pair <c>nr_ringid</c> (<c>^N</c>).</summary>
    [NativeName("NR_REG_ONE_SW")] OneSw = 8,
}

/// <summary>Masks that go with <see cref="NetmapRegMode"/>.</summary>
public static class NetmapRegModeMask
{
    /// <summary><c>NR_REG_MASK</c>: the mode bits of the legacy <c>nr_flags</c>.</summary>
    [NativeName("NR_REG_MASK")] public const uint Mask = 0xf;
}
