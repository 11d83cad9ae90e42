/*
 * The RISC-V instruction table: every 32-bit encoding ferry knows, described once.
 *
 * RV_INSN(ID, mnemonic, mask, match, format, flags)
 *   ID      enum suffix (RV_OP_<ID>) and the interpreter's handler label
 *   mask    bits that identify the instruction
 *   match   their value
 *   format  operand layout (RvFmt): how the decoder extracts fields and how the
 *           disassembler prints them
 *   flags   RvFlag bits: which register file each operand lives in, XLEN or
 *           extension restrictions, and whether the instruction ends a block
 *
 * The decoder, the disassembler and the interpreter's dispatch table are all
 * generated from this list (X-macro), so adding an instruction is one line here
 * plus its semantics in interp_template.h. Compressed instructions are expanded
 * to these encodings first (rvc.c), so they need no entries of their own.
 *
 * Encodings: The RISC-V Instruction Set Manual, Volume I, chapter "RV32/64G
 * Instruction Set Listings".
 */

/* Shorthands for the flag column. */
#define RV_INSN_RDF   (RV_F_RD_FP)
#define RV_INSN_F_RR  (RV_F_RD_FP | RV_F_RS1_FP | RV_F_RS2_FP)
#define RV_INSN_F_R4  (RV_F_RD_FP | RV_F_RS1_FP | RV_F_RS2_FP | RV_F_RS3_FP)

#define RV_INSN_LIST(X) \
    /* RV32I / RV64I base */ \
    X(LUI,     "lui",     0x0000007f, 0x00000037, RV_FMT_U,    0) \
    X(AUIPC,   "auipc",   0x0000007f, 0x00000017, RV_FMT_U,    0) \
    X(JAL,     "jal",     0x0000007f, 0x0000006f, RV_FMT_J,    RV_F_ENDS_BLOCK) \
    X(JALR,    "jalr",    0x0000707f, 0x00000067, RV_FMT_I,    RV_F_ENDS_BLOCK) \
    X(BEQ,     "beq",     0x0000707f, 0x00000063, RV_FMT_B,    RV_F_ENDS_BLOCK) \
    X(BNE,     "bne",     0x0000707f, 0x00001063, RV_FMT_B,    RV_F_ENDS_BLOCK) \
    X(BLT,     "blt",     0x0000707f, 0x00004063, RV_FMT_B,    RV_F_ENDS_BLOCK) \
    X(BGE,     "bge",     0x0000707f, 0x00005063, RV_FMT_B,    RV_F_ENDS_BLOCK) \
    X(BLTU,    "bltu",    0x0000707f, 0x00006063, RV_FMT_B,    RV_F_ENDS_BLOCK) \
    X(BGEU,    "bgeu",    0x0000707f, 0x00007063, RV_FMT_B,    RV_F_ENDS_BLOCK) \
    X(LB,      "lb",      0x0000707f, 0x00000003, RV_FMT_LOAD, 0) \
    X(LH,      "lh",      0x0000707f, 0x00001003, RV_FMT_LOAD, 0) \
    X(LW,      "lw",      0x0000707f, 0x00002003, RV_FMT_LOAD, 0) \
    X(LD,      "ld",      0x0000707f, 0x00003003, RV_FMT_LOAD, RV_F_RV64) \
    X(LBU,     "lbu",     0x0000707f, 0x00004003, RV_FMT_LOAD, 0) \
    X(LHU,     "lhu",     0x0000707f, 0x00005003, RV_FMT_LOAD, 0) \
    X(LWU,     "lwu",     0x0000707f, 0x00006003, RV_FMT_LOAD, RV_F_RV64) \
    X(SB,      "sb",      0x0000707f, 0x00000023, RV_FMT_S,    0) \
    X(SH,      "sh",      0x0000707f, 0x00001023, RV_FMT_S,    0) \
    X(SW,      "sw",      0x0000707f, 0x00002023, RV_FMT_S,    0) \
    X(SD,      "sd",      0x0000707f, 0x00003023, RV_FMT_S,    RV_F_RV64) \
    X(ADDI,    "addi",    0x0000707f, 0x00000013, RV_FMT_I,    0) \
    X(SLTI,    "slti",    0x0000707f, 0x00002013, RV_FMT_I,    0) \
    X(SLTIU,   "sltiu",   0x0000707f, 0x00003013, RV_FMT_I,    0) \
    X(XORI,    "xori",    0x0000707f, 0x00004013, RV_FMT_I,    0) \
    X(ORI,     "ori",     0x0000707f, 0x00006013, RV_FMT_I,    0) \
    X(ANDI,    "andi",    0x0000707f, 0x00007013, RV_FMT_I,    0) \
    /* shamt is 6 bits on RV64, 5 on RV32 (the decoder rejects shamt[5] on RV32) */ \
    X(SLLI,    "slli",    0xfc00707f, 0x00001013, RV_FMT_SHIFT, 0) \
    X(SRLI,    "srli",    0xfc00707f, 0x00005013, RV_FMT_SHIFT, 0) \
    X(SRAI,    "srai",    0xfc00707f, 0x40005013, RV_FMT_SHIFT, 0) \
    X(ADD,     "add",     0xfe00707f, 0x00000033, RV_FMT_R,    0) \
    X(SUB,     "sub",     0xfe00707f, 0x40000033, RV_FMT_R,    0) \
    X(SLL,     "sll",     0xfe00707f, 0x00001033, RV_FMT_R,    0) \
    X(SLT,     "slt",     0xfe00707f, 0x00002033, RV_FMT_R,    0) \
    X(SLTU,    "sltu",    0xfe00707f, 0x00003033, RV_FMT_R,    0) \
    X(XOR,     "xor",     0xfe00707f, 0x00004033, RV_FMT_R,    0) \
    X(SRL,     "srl",     0xfe00707f, 0x00005033, RV_FMT_R,    0) \
    X(SRA,     "sra",     0xfe00707f, 0x40005033, RV_FMT_R,    0) \
    X(OR,      "or",      0xfe00707f, 0x00006033, RV_FMT_R,    0) \
    X(AND,     "and",     0xfe00707f, 0x00007033, RV_FMT_R,    0) \
    /* fm/pred/succ are ignored: a single-threaded guest sees its own order */ \
    X(FENCE,   "fence",   0x0000707f, 0x0000000f, RV_FMT_NONE, 0) \
    X(ECALL,   "ecall",   0xffffffff, 0x00000073, RV_FMT_NONE, RV_F_ENDS_BLOCK) \
    X(EBREAK,  "ebreak",  0xffffffff, 0x00100073, RV_FMT_NONE, RV_F_ENDS_BLOCK) \
    /* RV64I word operations */ \
    X(ADDIW,   "addiw",   0x0000707f, 0x0000001b, RV_FMT_I,    RV_F_RV64) \
    X(SLLIW,   "slliw",   0xfe00707f, 0x0000101b, RV_FMT_SHIFT, RV_F_RV64) \
    X(SRLIW,   "srliw",   0xfe00707f, 0x0000501b, RV_FMT_SHIFT, RV_F_RV64) \
    X(SRAIW,   "sraiw",   0xfe00707f, 0x4000501b, RV_FMT_SHIFT, RV_F_RV64) \
    X(ADDW,    "addw",    0xfe00707f, 0x0000003b, RV_FMT_R,    RV_F_RV64) \
    X(SUBW,    "subw",    0xfe00707f, 0x4000003b, RV_FMT_R,    RV_F_RV64) \
    X(SLLW,    "sllw",    0xfe00707f, 0x0000103b, RV_FMT_R,    RV_F_RV64) \
    X(SRLW,    "srlw",    0xfe00707f, 0x0000503b, RV_FMT_R,    RV_F_RV64) \
    X(SRAW,    "sraw",    0xfe00707f, 0x4000503b, RV_FMT_R,    RV_F_RV64) \
    /* Privileged (system mode; illegal in user mode, where priv is U) */ \
    X(MRET,    "mret",    0xffffffff, 0x30200073, RV_FMT_NONE, RV_F_ENDS_BLOCK) \
    X(SRET,    "sret",    0xffffffff, 0x10200073, RV_FMT_NONE, RV_F_ENDS_BLOCK) \
    X(WFI,     "wfi",     0xffffffff, 0x10500073, RV_FMT_NONE, RV_F_ENDS_BLOCK) \
    X(SFENCE_VMA, "sfence.vma", 0xfe007fff, 0x12000073, RV_FMT_SFENCE, RV_F_ENDS_BLOCK) \
    /* Zifencei: ends the block so the next fetch sees freshly written code */ \
    X(FENCE_I, "fence.i", 0x0000707f, 0x0000100f, RV_FMT_NONE, RV_F_ENDS_BLOCK) \
    /* Zicsr (rs1 holds the 5-bit uimm for the *i forms) */ \
    X(CSRRW,   "csrrw",   0x0000707f, 0x00001073, RV_FMT_CSR,  0) \
    X(CSRRS,   "csrrs",   0x0000707f, 0x00002073, RV_FMT_CSR,  0) \
    X(CSRRC,   "csrrc",   0x0000707f, 0x00003073, RV_FMT_CSR,  0) \
    X(CSRRWI,  "csrrwi",  0x0000707f, 0x00005073, RV_FMT_CSRI, 0) \
    X(CSRRSI,  "csrrsi",  0x0000707f, 0x00006073, RV_FMT_CSRI, 0) \
    X(CSRRCI,  "csrrci",  0x0000707f, 0x00007073, RV_FMT_CSRI, 0) \
    /* M */ \
    X(MUL,     "mul",     0xfe00707f, 0x02000033, RV_FMT_R,    0) \
    X(MULH,    "mulh",    0xfe00707f, 0x02001033, RV_FMT_R,    0) \
    X(MULHSU,  "mulhsu",  0xfe00707f, 0x02002033, RV_FMT_R,    0) \
    X(MULHU,   "mulhu",   0xfe00707f, 0x02003033, RV_FMT_R,    0) \
    X(DIV,     "div",     0xfe00707f, 0x02004033, RV_FMT_R,    0) \
    X(DIVU,    "divu",    0xfe00707f, 0x02005033, RV_FMT_R,    0) \
    X(REM,     "rem",     0xfe00707f, 0x02006033, RV_FMT_R,    0) \
    X(REMU,    "remu",    0xfe00707f, 0x02007033, RV_FMT_R,    0) \
    X(MULW,    "mulw",    0xfe00707f, 0x0200003b, RV_FMT_R,    RV_F_RV64) \
    X(DIVW,    "divw",    0xfe00707f, 0x0200403b, RV_FMT_R,    RV_F_RV64) \
    X(DIVUW,   "divuw",   0xfe00707f, 0x0200503b, RV_FMT_R,    RV_F_RV64) \
    X(REMW,    "remw",    0xfe00707f, 0x0200603b, RV_FMT_R,    RV_F_RV64) \
    X(REMUW,   "remuw",   0xfe00707f, 0x0200703b, RV_FMT_R,    RV_F_RV64) \
    /* A (aq/rl bits 26:25 are free in the mask) */ \
    X(LR_W,      "lr.w",      0xf9f0707f, 0x1000202f, RV_FMT_AMO, 0) \
    X(SC_W,      "sc.w",      0xf800707f, 0x1800202f, RV_FMT_AMO, 0) \
    X(AMOSWAP_W, "amoswap.w", 0xf800707f, 0x0800202f, RV_FMT_AMO, 0) \
    X(AMOADD_W,  "amoadd.w",  0xf800707f, 0x0000202f, RV_FMT_AMO, 0) \
    X(AMOXOR_W,  "amoxor.w",  0xf800707f, 0x2000202f, RV_FMT_AMO, 0) \
    X(AMOAND_W,  "amoand.w",  0xf800707f, 0x6000202f, RV_FMT_AMO, 0) \
    X(AMOOR_W,   "amoor.w",   0xf800707f, 0x4000202f, RV_FMT_AMO, 0) \
    X(AMOMIN_W,  "amomin.w",  0xf800707f, 0x8000202f, RV_FMT_AMO, 0) \
    X(AMOMAX_W,  "amomax.w",  0xf800707f, 0xa000202f, RV_FMT_AMO, 0) \
    X(AMOMINU_W, "amominu.w", 0xf800707f, 0xc000202f, RV_FMT_AMO, 0) \
    X(AMOMAXU_W, "amomaxu.w", 0xf800707f, 0xe000202f, RV_FMT_AMO, 0) \
    X(LR_D,      "lr.d",      0xf9f0707f, 0x1000302f, RV_FMT_AMO, RV_F_RV64) \
    X(SC_D,      "sc.d",      0xf800707f, 0x1800302f, RV_FMT_AMO, RV_F_RV64) \
    X(AMOSWAP_D, "amoswap.d", 0xf800707f, 0x0800302f, RV_FMT_AMO, RV_F_RV64) \
    X(AMOADD_D,  "amoadd.d",  0xf800707f, 0x0000302f, RV_FMT_AMO, RV_F_RV64) \
    X(AMOXOR_D,  "amoxor.d",  0xf800707f, 0x2000302f, RV_FMT_AMO, RV_F_RV64) \
    X(AMOAND_D,  "amoand.d",  0xf800707f, 0x6000302f, RV_FMT_AMO, RV_F_RV64) \
    X(AMOOR_D,   "amoor.d",   0xf800707f, 0x4000302f, RV_FMT_AMO, RV_F_RV64) \
    X(AMOMIN_D,  "amomin.d",  0xf800707f, 0x8000302f, RV_FMT_AMO, RV_F_RV64) \
    X(AMOMAX_D,  "amomax.d",  0xf800707f, 0xa000302f, RV_FMT_AMO, RV_F_RV64) \
    X(AMOMINU_D, "amominu.d", 0xf800707f, 0xc000302f, RV_FMT_AMO, RV_F_RV64) \
    X(AMOMAXU_D, "amomaxu.d", 0xf800707f, 0xe000302f, RV_FMT_AMO, RV_F_RV64) \
    /* F */ \
    X(FLW,       "flw",       0x0000707f, 0x00002007, RV_FMT_LOAD, RV_INSN_RDF | RV_F_FP) \
    X(FSW,       "fsw",       0x0000707f, 0x00002027, RV_FMT_S,    RV_F_RS2_FP | RV_F_FP) \
    X(FMADD_S,   "fmadd.s",   0x0600007f, 0x00000043, RV_FMT_R4,   RV_INSN_F_R4 | RV_F_FP | RV_F_RM) \
    X(FMSUB_S,   "fmsub.s",   0x0600007f, 0x00000047, RV_FMT_R4,   RV_INSN_F_R4 | RV_F_FP | RV_F_RM) \
    X(FNMSUB_S,  "fnmsub.s",  0x0600007f, 0x0000004b, RV_FMT_R4,   RV_INSN_F_R4 | RV_F_FP | RV_F_RM) \
    X(FNMADD_S,  "fnmadd.s",  0x0600007f, 0x0000004f, RV_FMT_R4,   RV_INSN_F_R4 | RV_F_FP | RV_F_RM) \
    X(FADD_S,    "fadd.s",    0xfe00007f, 0x00000053, RV_FMT_R,    RV_INSN_F_RR | RV_F_FP | RV_F_RM) \
    X(FSUB_S,    "fsub.s",    0xfe00007f, 0x08000053, RV_FMT_R,    RV_INSN_F_RR | RV_F_FP | RV_F_RM) \
    X(FMUL_S,    "fmul.s",    0xfe00007f, 0x10000053, RV_FMT_R,    RV_INSN_F_RR | RV_F_FP | RV_F_RM) \
    X(FDIV_S,    "fdiv.s",    0xfe00007f, 0x18000053, RV_FMT_R,    RV_INSN_F_RR | RV_F_FP | RV_F_RM) \
    X(FSQRT_S,   "fsqrt.s",   0xfff0007f, 0x58000053, RV_FMT_R1,   RV_F_RD_FP | RV_F_RS1_FP | RV_F_FP | RV_F_RM) \
    X(FSGNJ_S,   "fsgnj.s",   0xfe00707f, 0x20000053, RV_FMT_R,    RV_INSN_F_RR | RV_F_FP) \
    X(FSGNJN_S,  "fsgnjn.s",  0xfe00707f, 0x20001053, RV_FMT_R,    RV_INSN_F_RR | RV_F_FP) \
    X(FSGNJX_S,  "fsgnjx.s",  0xfe00707f, 0x20002053, RV_FMT_R,    RV_INSN_F_RR | RV_F_FP) \
    X(FMIN_S,    "fmin.s",    0xfe00707f, 0x28000053, RV_FMT_R,    RV_INSN_F_RR | RV_F_FP) \
    X(FMAX_S,    "fmax.s",    0xfe00707f, 0x28001053, RV_FMT_R,    RV_INSN_F_RR | RV_F_FP) \
    X(FCVT_W_S,  "fcvt.w.s",  0xfff0007f, 0xc0000053, RV_FMT_R1,   RV_F_RS1_FP | RV_F_FP | RV_F_RM) \
    X(FCVT_WU_S, "fcvt.wu.s", 0xfff0007f, 0xc0100053, RV_FMT_R1,   RV_F_RS1_FP | RV_F_FP | RV_F_RM) \
    X(FCVT_L_S,  "fcvt.l.s",  0xfff0007f, 0xc0200053, RV_FMT_R1,   RV_F_RS1_FP | RV_F_FP | RV_F_RM | RV_F_RV64) \
    X(FCVT_LU_S, "fcvt.lu.s", 0xfff0007f, 0xc0300053, RV_FMT_R1,   RV_F_RS1_FP | RV_F_FP | RV_F_RM | RV_F_RV64) \
    X(FMV_X_W,   "fmv.x.w",   0xfff0707f, 0xe0000053, RV_FMT_R1,   RV_F_RS1_FP | RV_F_FP) \
    X(FEQ_S,     "feq.s",     0xfe00707f, 0xa0002053, RV_FMT_R,    RV_F_RS1_FP | RV_F_RS2_FP | RV_F_FP) \
    X(FLT_S,     "flt.s",     0xfe00707f, 0xa0001053, RV_FMT_R,    RV_F_RS1_FP | RV_F_RS2_FP | RV_F_FP) \
    X(FLE_S,     "fle.s",     0xfe00707f, 0xa0000053, RV_FMT_R,    RV_F_RS1_FP | RV_F_RS2_FP | RV_F_FP) \
    X(FCLASS_S,  "fclass.s",  0xfff0707f, 0xe0001053, RV_FMT_R1,   RV_F_RS1_FP | RV_F_FP) \
    X(FCVT_S_W,  "fcvt.s.w",  0xfff0007f, 0xd0000053, RV_FMT_R1,   RV_F_RD_FP | RV_F_FP | RV_F_RM) \
    X(FCVT_S_WU, "fcvt.s.wu", 0xfff0007f, 0xd0100053, RV_FMT_R1,   RV_F_RD_FP | RV_F_FP | RV_F_RM) \
    X(FCVT_S_L,  "fcvt.s.l",  0xfff0007f, 0xd0200053, RV_FMT_R1,   RV_F_RD_FP | RV_F_FP | RV_F_RM | RV_F_RV64) \
    X(FCVT_S_LU, "fcvt.s.lu", 0xfff0007f, 0xd0300053, RV_FMT_R1,   RV_F_RD_FP | RV_F_FP | RV_F_RM | RV_F_RV64) \
    X(FMV_W_X,   "fmv.w.x",   0xfff0707f, 0xf0000053, RV_FMT_R1,   RV_F_RD_FP | RV_F_FP) \
    /* D */ \
    X(FLD,       "fld",       0x0000707f, 0x00003007, RV_FMT_LOAD, RV_INSN_RDF | RV_F_FP) \
    X(FSD,       "fsd",       0x0000707f, 0x00003027, RV_FMT_S,    RV_F_RS2_FP | RV_F_FP) \
    X(FMADD_D,   "fmadd.d",   0x0600007f, 0x02000043, RV_FMT_R4,   RV_INSN_F_R4 | RV_F_FP | RV_F_RM) \
    X(FMSUB_D,   "fmsub.d",   0x0600007f, 0x02000047, RV_FMT_R4,   RV_INSN_F_R4 | RV_F_FP | RV_F_RM) \
    X(FNMSUB_D,  "fnmsub.d",  0x0600007f, 0x0200004b, RV_FMT_R4,   RV_INSN_F_R4 | RV_F_FP | RV_F_RM) \
    X(FNMADD_D,  "fnmadd.d",  0x0600007f, 0x0200004f, RV_FMT_R4,   RV_INSN_F_R4 | RV_F_FP | RV_F_RM) \
    X(FADD_D,    "fadd.d",    0xfe00007f, 0x02000053, RV_FMT_R,    RV_INSN_F_RR | RV_F_FP | RV_F_RM) \
    X(FSUB_D,    "fsub.d",    0xfe00007f, 0x0a000053, RV_FMT_R,    RV_INSN_F_RR | RV_F_FP | RV_F_RM) \
    X(FMUL_D,    "fmul.d",    0xfe00007f, 0x12000053, RV_FMT_R,    RV_INSN_F_RR | RV_F_FP | RV_F_RM) \
    X(FDIV_D,    "fdiv.d",    0xfe00007f, 0x1a000053, RV_FMT_R,    RV_INSN_F_RR | RV_F_FP | RV_F_RM) \
    X(FSQRT_D,   "fsqrt.d",   0xfff0007f, 0x5a000053, RV_FMT_R1,   RV_F_RD_FP | RV_F_RS1_FP | RV_F_FP | RV_F_RM) \
    X(FSGNJ_D,   "fsgnj.d",   0xfe00707f, 0x22000053, RV_FMT_R,    RV_INSN_F_RR | RV_F_FP) \
    X(FSGNJN_D,  "fsgnjn.d",  0xfe00707f, 0x22001053, RV_FMT_R,    RV_INSN_F_RR | RV_F_FP) \
    X(FSGNJX_D,  "fsgnjx.d",  0xfe00707f, 0x22002053, RV_FMT_R,    RV_INSN_F_RR | RV_F_FP) \
    X(FMIN_D,    "fmin.d",    0xfe00707f, 0x2a000053, RV_FMT_R,    RV_INSN_F_RR | RV_F_FP) \
    X(FMAX_D,    "fmax.d",    0xfe00707f, 0x2a001053, RV_FMT_R,    RV_INSN_F_RR | RV_F_FP) \
    X(FCVT_S_D,  "fcvt.s.d",  0xfff0007f, 0x40100053, RV_FMT_R1,   RV_F_RD_FP | RV_F_RS1_FP | RV_F_FP | RV_F_RM) \
    X(FCVT_D_S,  "fcvt.d.s",  0xfff0007f, 0x42000053, RV_FMT_R1,   RV_F_RD_FP | RV_F_RS1_FP | RV_F_FP | RV_F_RM) \
    X(FEQ_D,     "feq.d",     0xfe00707f, 0xa2002053, RV_FMT_R,    RV_F_RS1_FP | RV_F_RS2_FP | RV_F_FP) \
    X(FLT_D,     "flt.d",     0xfe00707f, 0xa2001053, RV_FMT_R,    RV_F_RS1_FP | RV_F_RS2_FP | RV_F_FP) \
    X(FLE_D,     "fle.d",     0xfe00707f, 0xa2000053, RV_FMT_R,    RV_F_RS1_FP | RV_F_RS2_FP | RV_F_FP) \
    X(FCLASS_D,  "fclass.d",  0xfff0707f, 0xe2001053, RV_FMT_R1,   RV_F_RS1_FP | RV_F_FP) \
    X(FCVT_W_D,  "fcvt.w.d",  0xfff0007f, 0xc2000053, RV_FMT_R1,   RV_F_RS1_FP | RV_F_FP | RV_F_RM) \
    X(FCVT_WU_D, "fcvt.wu.d", 0xfff0007f, 0xc2100053, RV_FMT_R1,   RV_F_RS1_FP | RV_F_FP | RV_F_RM) \
    X(FCVT_L_D,  "fcvt.l.d",  0xfff0007f, 0xc2200053, RV_FMT_R1,   RV_F_RS1_FP | RV_F_FP | RV_F_RM | RV_F_RV64) \
    X(FCVT_LU_D, "fcvt.lu.d", 0xfff0007f, 0xc2300053, RV_FMT_R1,   RV_F_RS1_FP | RV_F_FP | RV_F_RM | RV_F_RV64) \
    X(FMV_X_D,   "fmv.x.d",   0xfff0707f, 0xe2000053, RV_FMT_R1,   RV_F_RS1_FP | RV_F_FP | RV_F_RV64) \
    X(FCVT_D_W,  "fcvt.d.w",  0xfff0007f, 0xd2000053, RV_FMT_R1,   RV_F_RD_FP | RV_F_FP | RV_F_RM) \
    X(FCVT_D_WU, "fcvt.d.wu", 0xfff0007f, 0xd2100053, RV_FMT_R1,   RV_F_RD_FP | RV_F_FP | RV_F_RM) \
    X(FCVT_D_L,  "fcvt.d.l",  0xfff0007f, 0xd2200053, RV_FMT_R1,   RV_F_RD_FP | RV_F_FP | RV_F_RM | RV_F_RV64) \
    X(FCVT_D_LU, "fcvt.d.lu", 0xfff0007f, 0xd2300053, RV_FMT_R1,   RV_F_RD_FP | RV_F_FP | RV_F_RM | RV_F_RV64) \
    X(FMV_D_X,   "fmv.d.x",   0xfff0707f, 0xf2000053, RV_FMT_R1,   RV_F_RD_FP | RV_F_FP | RV_F_RV64)
