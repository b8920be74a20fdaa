package dev.vigil.worker.decode.bitstream;

/**
 * The parameter sets of one H.264 stream and, from them, a slice's quantiser (QP): the fields of the slice header
 * that come before {@code slice_qp_delta} (ITU-T H.264 §7.3.3) are read only to be passed over. Sequence and
 * picture parameter sets are kept as they come (in band, or from the container's extradata). A slice whose
 * parameter sets have not been seen, or that uses slice groups (FMO, a Baseline feature no broadcast encoder sets),
 * has no QP here.
 */
public final class H264Headers {

    /** NAL unit types. */
    public static final int NON_IDR_SLICE = 1;

    public static final int IDR_SLICE = 5;
    public static final int SPS = 7;
    public static final int PPS = 8;

    private static final int SLICE_P = 0;
    private static final int SLICE_B = 1;
    private static final int SLICE_I = 2;
    private static final int SLICE_SP = 3;
    private static final int SLICE_SI = 4;

    private record Sps(
            int chromaArrayType,
            boolean separateColourPlane,
            int log2MaxFrameNum,
            int pocType,
            int log2MaxPocLsb,
            boolean deltaPicOrderAlwaysZero,
            boolean frameMbsOnly) {}

    private record Pps(
            int spsId,
            boolean cabac,
            boolean bottomFieldPicOrderPresent,
            int refIdxL0Default,
            int refIdxL1Default,
            boolean weightedPred,
            int weightedBipredIdc,
            int picInitQp,
            boolean redundantPicCntPresent,
            boolean sliceGroups) {}

    private final Sps[] sps = new Sps[32];
    private final Pps[] pps = new Pps[256];

    /** Reads a sequence parameter set (NAL type 7). */
    public void sequence(RbspBits r) {
        int profile = (int) r.u(8);
        r.u(16); // constraint flags, level
        int id = r.ue(31);
        int chromaFormat = 1;
        boolean separateColourPlane = false;
        if (highProfile(profile)) {
            chromaFormat = r.ue(3);
            if (chromaFormat == 3) {
                separateColourPlane = r.flag();
            }
            r.ue(); // bit depths
            r.ue();
            r.flag(); // qpprime_y_zero_transform_bypass
            if (r.flag()) {
                for (int i = 0; i < (chromaFormat != 3 ? 8 : 12); i++) {
                    if (r.flag()) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        int log2MaxFrameNum = r.ue(12) + 4;
        int pocType = r.ue(2);
        int log2MaxPocLsb = 0;
        boolean alwaysZero = false;
        if (pocType == 0) {
            log2MaxPocLsb = r.ue(12) + 4;
        } else if (pocType == 1) {
            alwaysZero = r.flag();
            r.se();
            r.se();
            int cycle = r.ue(255);
            for (int i = 0; i < cycle; i++) {
                r.se();
            }
        }
        r.ue(); // max_num_ref_frames
        r.flag(); // gaps_in_frame_num_value_allowed
        r.ue(); // width, height in macroblocks
        r.ue();
        boolean frameMbsOnly = r.flag();
        sps[id] = new Sps(
                separateColourPlane ? 0 : chromaFormat,
                separateColourPlane,
                log2MaxFrameNum,
                pocType,
                log2MaxPocLsb,
                alwaysZero,
                frameMbsOnly);
    }

    /** Reads a picture parameter set (NAL type 8). */
    public void picture(RbspBits r) {
        int id = r.ue(255);
        int spsId = r.ue(31);
        boolean cabac = r.flag();
        boolean bottomFieldPicOrder = r.flag();
        boolean sliceGroups = r.ue() > 0;
        if (sliceGroups) {
            pps[id] = new Pps(spsId, cabac, bottomFieldPicOrder, 0, 0, false, 0, 0, false, true);
            return;
        }
        int l0 = r.ue(31) + 1;
        int l1 = r.ue(31) + 1;
        boolean weighted = r.flag();
        int bipred = (int) r.u(2);
        int initQp = 26 + r.se();
        r.se(); // pic_init_qs
        r.se(); // chroma_qp_index_offset
        r.flag(); // deblocking_filter_control_present
        r.flag(); // constrained_intra_pred
        boolean redundant = r.flag();
        pps[id] = new Pps(spsId, cabac, bottomFieldPicOrder, l0, l1, weighted, bipred, initQp, redundant, false);
    }

    /**
     * The QP a slice starts from ({@code 26 + pic_init_qp_minus26 + slice_qp_delta}), or -1 when its parameter sets
     * are unknown or unsupported.
     *
     * @param nalType {@link #IDR_SLICE} or {@link #NON_IDR_SLICE}
     * @param nalRefIdc the NAL header's {@code nal_ref_idc}
     */
    public int sliceQp(RbspBits r, int nalType, int nalRefIdc) {
        r.ue(); // first_mb_in_slice
        int sliceType = r.ue(9) % 5;
        Pps p = pps[r.ue(255)];
        Sps s = p == null ? null : sps[p.spsId()];
        if (s == null || p.sliceGroups()) {
            return -1;
        }
        if (s.separateColourPlane()) {
            r.u(2); // colour_plane_id
        }
        r.u(s.log2MaxFrameNum()); // frame_num
        boolean field = false;
        if (!s.frameMbsOnly()) {
            field = r.flag();
            if (field) {
                r.flag(); // bottom_field_flag
            }
        }
        if (nalType == IDR_SLICE) {
            r.ue(); // idr_pic_id
        }
        if (s.pocType() == 0) {
            r.u(s.log2MaxPocLsb());
            if (p.bottomFieldPicOrderPresent() && !field) {
                r.se();
            }
        } else if (s.pocType() == 1 && !s.deltaPicOrderAlwaysZero()) {
            r.se();
            if (p.bottomFieldPicOrderPresent() && !field) {
                r.se();
            }
        }
        if (p.redundantPicCntPresent()) {
            r.ue();
        }
        if (sliceType == SLICE_B) {
            r.flag(); // direct_spatial_mv_pred
        }
        int l0 = p.refIdxL0Default();
        int l1 = p.refIdxL1Default();
        if (sliceType == SLICE_P || sliceType == SLICE_SP || sliceType == SLICE_B) {
            if (r.flag()) { // num_ref_idx_active_override
                l0 = r.ue(31) + 1;
                if (sliceType == SLICE_B) {
                    l1 = r.ue(31) + 1;
                }
            }
        }
        if (sliceType != SLICE_I && sliceType != SLICE_SI) {
            skipRefPicListModification(r);
            if (sliceType == SLICE_B) {
                skipRefPicListModification(r);
            }
        }
        if ((p.weightedPred() && (sliceType == SLICE_P || sliceType == SLICE_SP))
                || (p.weightedBipredIdc() == 1 && sliceType == SLICE_B)) {
            skipPredWeightTable(r, s.chromaArrayType(), l0, sliceType == SLICE_B ? l1 : 0);
        }
        if (nalRefIdc != 0) {
            skipDecRefPicMarking(r, nalType == IDR_SLICE);
        }
        if (p.cabac() && sliceType != SLICE_I && sliceType != SLICE_SI) {
            r.ue(2); // cabac_init_idc
        }
        int qp = p.picInitQp() + r.se();
        if (qp < 0 || qp > 63) {
            throw new BitstreamException("slice QP " + qp + " out of range");
        }
        return qp;
    }

    private static boolean highProfile(int profile) {
        return switch (profile) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    private static void skipScalingList(RbspBits r, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + r.se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    private static void skipRefPicListModification(RbspBits r) {
        if (!r.flag()) {
            return;
        }
        for (int i = 0; i <= 64; i++) {
            int idc = r.ue(5);
            if (idc == 3) {
                return;
            }
            r.ue(); // abs_diff_pic_num_minus1, long_term_pic_num (or an MVC view index)
        }
        throw new BitstreamException("reference list modification does not end");
    }

    private static void skipPredWeightTable(RbspBits r, int chromaArrayType, int l0, int l1) {
        r.ue(7); // luma_log2_weight_denom
        if (chromaArrayType != 0) {
            r.ue(7);
        }
        for (int list = 0; list < 2; list++) {
            for (int i = 0; i < (list == 0 ? l0 : l1); i++) {
                if (r.flag()) {
                    r.se();
                    r.se();
                }
                if (chromaArrayType != 0 && r.flag()) {
                    for (int c = 0; c < 4; c++) {
                        r.se();
                    }
                }
            }
        }
    }

    private static void skipDecRefPicMarking(RbspBits r, boolean idr) {
        if (idr) {
            r.u(2); // no_output_of_prior_pics, long_term_reference
            return;
        }
        if (!r.flag()) {
            return;
        }
        for (int i = 0; i <= 66; i++) {
            int op = r.ue(6);
            if (op == 0) {
                return;
            }
            if (op == 1 || op == 3) {
                r.ue();
            }
            if (op == 2) {
                r.ue();
            }
            if (op == 3 || op == 6) {
                r.ue();
            }
            if (op == 4) {
                r.ue();
            }
        }
        throw new BitstreamException("reference marking does not end");
    }
}
