namespace Netmap.Interop.UserSpace;

/// <summary>
/// NIOCCTRL as netmap_ioctl and nmreq_copyin/copyout treat it: header checks, body presence, the option chain
/// (sizes, EMSGSIZE, nro_status), dispatch by request type, then the copy back — the header always, the body only
/// on success, option headers always. <c>nr_reserved</c> is left at 1 where the kernel leaves its marker.
/// </summary>
internal static unsafe class ControlRequest
{
    private const int MaxOptions = NetmapApi.ReqMaxSize / 24;

    public static int Execute(UserSpaceNetmapBackend backend, UserSpaceNetmapHandle handle, NmReqHeader* user)
    {
        if (user == null)
        {
            return Errno.EFAULT;
        }

        NmReqHeader hdr = *user;
        if (hdr.Version < NetmapApi.MinVersion || hdr.Version > NetmapApi.MaxVersion)
        {
            *user = hdr;
            return Errno.EINVAL;
        }

        if (hdr.Reserved != 0)
        {
            *user = hdr;
            return Errno.EINVAL;
        }

        // From here the kernel marks the header as copied in; failures of the copy itself leave the mark.
        hdr.Reserved = 1;
        int bodySize = BodySize(hdr.ReqType);
        if ((bodySize != 0 && hdr.Body == 0) || (bodySize == 0 && hdr.Body != 0))
        {
            *user = hdr;
            return Errno.EINVAL;
        }

        int total = bodySize;
        int count = 0;
        for (var opt = (NmReqOption*)hdr.Options; opt != null; opt = (NmReqOption*)opt->Next)
        {
            total += 24 + OptionBodySize(opt->ReqType, opt->Size);
            if (total > NetmapApi.ReqMaxSize || ++count > MaxOptions)
            {
                *user = hdr;
                return Errno.EMSGSIZE;
            }
        }

        hdr.Name[NetmapApi.ReqIfNameSize - 1] = 0;
        int optionsError = CheckOptions(hdr.Options);
        int error = hdr.ReqType switch
        {
            (ushort)NetmapReqType.Register => Registrar.Register(backend, handle, in hdr, (NmReqRegister*)hdr.Body, optionsError),
            (ushort)NetmapReqType.PortInfoGet => Registrar.PortInfo(backend, in hdr, (NmReqPortInfoGet*)hdr.Body, optionsError),
            (ushort)NetmapReqType.PoolsInfoGet => Registrar.PoolsInfo(backend, in hdr, (NmReqPoolsInfo*)hdr.Body, optionsError),
            >= 3 and <= 15 => backend.NotEmulated($"netmap request type {hdr.ReqType}"),
            _ => Errno.EINVAL,
        };

        hdr.Reserved = 0;
        *user = hdr;
        return error;
    }

    /// <summary>Sets every nro_status as the kernel would and returns the error the request must fail with, if any.</summary>
    private static int CheckOptions(ulong first)
    {
        int error = 0;
        for (var opt = (NmReqOption*)first; opt != null; opt = (NmReqOption*)opt->Next)
        {
            // No option is emulated yet, so each one that is not rejected outright stays "not supported".
            opt->Status = Errno.EOPNOTSUPP;
        }

        for (var opt = (NmReqOption*)first; opt != null; opt = (NmReqOption*)opt->Next)
        {
            if (opt->ReqType == 0)
            {
                opt->Status = Errno.EINVAL;
                error = Errno.EINVAL;
                continue;
            }

            for (var later = (NmReqOption*)opt->Next; later != null; later = (NmReqOption*)later->Next)
            {
                if (later->ReqType == opt->ReqType && opt->ReqType < (uint)NetmapReqOptionType.Max)
                {
                    later->Status = Errno.EINVAL;
                    error = Errno.EINVAL;
                }
            }
        }

        return error != 0 ? error : first != 0 ? Errno.EOPNOTSUPP : 0;
    }

    private static int BodySize(ushort type) => type switch
    {
        (ushort)NetmapReqType.Register => sizeof(NmReqRegister),
        (ushort)NetmapReqType.PortInfoGet => sizeof(NmReqPortInfoGet),
        (ushort)NetmapReqType.PoolsInfoGet => sizeof(NmReqPoolsInfo),
        (ushort)NetmapReqType.ValeAttach => 64,
        (ushort)NetmapReqType.ValeDetach or (ushort)NetmapReqType.ValeList => 8,
        (ushort)NetmapReqType.PortHdrSet or (ushort)NetmapReqType.PortHdrGet => 8,
        (ushort)NetmapReqType.ValeNewIf => 16,
        (ushort)NetmapReqType.ValePollingEnable or (ushort)NetmapReqType.ValePollingDisable => 16,
        (ushort)NetmapReqType.SyncKloopStart => 8,
        _ => 0,
    };

    private static int OptionBodySize(uint type, ulong size) => type switch
    {
        (uint)NetmapReqOptionType.ExtMem => sizeof(NmReqOptExtmem) - 24,
        (uint)NetmapReqOptionType.SyncKloopEventFds => size >= 24 ? (int)System.Math.Min(size, NetmapApi.ReqMaxSize + 24UL) - 24 : 0,
        (uint)NetmapReqOptionType.Csb => sizeof(NmReqOptCsb) - 24,
        (uint)NetmapReqOptionType.SyncKloopMode => sizeof(NmReqOptSyncKloopMode) - 24,
        (uint)NetmapReqOptionType.Offsets => sizeof(NmReqOptOffsets) - 24,
        _ => 0,
    };
}
