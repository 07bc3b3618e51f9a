;; float32 matrix product with WebAssembly SIMD: C = A @ B, A and B packed into panels.
;; Assembled by packages/engine/scripts/build-wasm.ts into sgemm-bytes.ts (a test checks it is current).
;;
;; Layout (copied in by kernels/wasm/sgemm.ts): A, B and C row-major. `sgemm` packs A into panels
;; of 4 rows and B into panels of 8 columns (consecutive in p), then covers C in 4x8 tiles: past
;; the edges of A and B the panels hold whatever memory follows, which only reaches rows and
;; columns of C that are thrown away.
;; Every C element is summed over p in increasing order, c = c + (a * b) with both steps rounded
;; to float32: the TypeScript kernel (kernels/gemm.ts) does the same, so both give identical bits.
(module
  (memory (export "memory") 1)

  ;; One 4x8 tile of C over kc >= 1 steps of p: 8 accumulators of 4 lanes stay in registers.
  ;; $a: A panel from p (16 bytes per p), $b: B panel from p (32 bytes per p); $fresh: start from zero.
  (func $tile (param $a i32) (param $b i32) (param $c i32) (param $ldc i32) (param $kc i32) (param $fresh i32)
    (local $end i32) (local $row1 i32) (local $row2 i32) (local $row3 i32)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $row1 (i32.add (local.get $c) (local.get $ldc)))
    (local.set $row2 (i32.add (local.get $row1) (local.get $ldc)))
    (local.set $row3 (i32.add (local.get $row2) (local.get $ldc)))
    (if (i32.eqz (local.get $fresh))
      (then
        (local.set $c00 (v128.load offset=0 (local.get $c)))
        (local.set $c01 (v128.load offset=16 (local.get $c)))
        (local.set $c10 (v128.load offset=0 (local.get $row1)))
        (local.set $c11 (v128.load offset=16 (local.get $row1)))
        (local.set $c20 (v128.load offset=0 (local.get $row2)))
        (local.set $c21 (v128.load offset=16 (local.get $row2)))
        (local.set $c30 (v128.load offset=0 (local.get $row3)))
        (local.set $c31 (v128.load offset=16 (local.get $row3)))))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $kc) (i32.const 4))))
    (loop $steps
      (local.set $b0 (v128.load offset=0 (local.get $b)))
      (local.set $b1 (v128.load offset=16 (local.get $b)))
      (local.set $x (v128.load32_splat offset=0 (local.get $a)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load32_splat offset=4 (local.get $a)))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load32_splat offset=8 (local.get $a)))
      (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load32_splat offset=12 (local.get $a)))
      (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 32)))
      (br_if $steps (i32.lt_u (local.get $a) (local.get $end))))
    (v128.store offset=0 (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (v128.store offset=0 (local.get $row1) (local.get $c10))
    (v128.store offset=16 (local.get $row1) (local.get $c11))
    (v128.store offset=0 (local.get $row2) (local.get $c20))
    (v128.store offset=16 (local.get $row2) (local.get $c21))
    (v128.store offset=0 (local.get $row3) (local.get $c30))
    (v128.store offset=16 (local.get $row3) (local.get $c31)))

  ;; A (n x k, row-major) into panels of 4 rows at $dst: panel i holds A[4i..4i+3][p] for
  ;; p = 0..k-1, 16 bytes each.
  (func $packA (param $src i32) (param $dst i32) (param $k i32) (param $rowPanels i32)
    (local $panel i32) (local $p i32) (local $r0 i32) (local $to i32) (local $lda i32)
    (local.set $lda (i32.shl (local.get $k) (i32.const 2)))
    (local.set $to (local.get $dst))
    (loop $panels
      (local.set $r0 (i32.add (local.get $src) (i32.mul (i32.shl (local.get $panel) (i32.const 2)) (local.get $lda))))
      (local.set $p (i32.const 0))
      (loop $steps
        (f32.store offset=0 (local.get $to) (f32.load (local.get $r0)))
        (f32.store offset=4 (local.get $to) (f32.load (i32.add (local.get $r0) (local.get $lda))))
        (f32.store offset=8 (local.get $to) (f32.load (i32.add (local.get $r0) (i32.shl (local.get $lda) (i32.const 1)))))
        (f32.store offset=12 (local.get $to) (f32.load (i32.add (local.get $r0) (i32.mul (local.get $lda) (i32.const 3)))))
        (local.set $r0 (i32.add (local.get $r0) (i32.const 4)))
        (local.set $to (i32.add (local.get $to) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br_if $steps (i32.lt_u (local.get $p) (local.get $k))))
      (local.set $panel (i32.add (local.get $panel) (i32.const 1)))
      (br_if $panels (i32.lt_u (local.get $panel) (local.get $rowPanels)))))

  ;; B (k x m, row-major) into panels of 8 columns at $dst: panel j holds B[p][8j..8j+7] for
  ;; p = 0..k-1, 32 bytes each, so a tile reads its part of B from consecutive cache lines.
  (func $packB (param $src i32) (param $dst i32) (param $k i32) (param $m i32) (param $colPanels i32)
    (local $p i32) (local $j i32) (local $from i32) (local $to i32) (local $panel i32)
    (local.set $panel (i32.shl (local.get $k) (i32.const 5)))
    (loop $rows
      (local.set $from (i32.add (local.get $src) (i32.shl (i32.mul (local.get $p) (local.get $m)) (i32.const 2))))
      (local.set $to (i32.add (local.get $dst) (i32.shl (local.get $p) (i32.const 5))))
      (local.set $j (i32.const 0))
      (loop $panels
        (v128.store offset=0 (local.get $to) (v128.load offset=0 (local.get $from)))
        (v128.store offset=16 (local.get $to) (v128.load offset=16 (local.get $from)))
        (local.set $from (i32.add (local.get $from) (i32.const 32)))
        (local.set $to (i32.add (local.get $to) (local.get $panel)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $panels (i32.lt_u (local.get $j) (local.get $colPanels))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $p) (local.get $k)))))

  ;; C = A @ B for k >= 1: A (4 * rowPanels rows, those past n zero) and B (k x m) at $a and $b,
  ;; packed into $packedA and $packed first; C with 8 * colPanels columns. Blocked for the caches:
  ;; p in blocks of 256, so a tile's part of B (8 KB) stays in L1 while it meets every A panel of
  ;; a block of 64 (256 rows, 256 KB of A, kept in L2).
  (func (export "sgemm") (param $a i32) (param $b i32) (param $packed i32) (param $packedA i32) (param $c i32)
    (param $rowPanels i32) (param $colPanels i32) (param $k i32) (param $m i32)
    (local $ldc i32) (local $pc i32) (local $kc i32)
    (local $ic i32) (local $icEnd i32) (local $jr i32) (local $ir i32)
    (call $packB (local.get $b) (local.get $packed) (local.get $k) (local.get $m) (local.get $colPanels))
    (call $packA (local.get $a) (local.get $packedA) (local.get $k) (local.get $rowPanels))
    
    (local.set $ldc (i32.shl (local.get $colPanels) (i32.const 5)))
    (loop $kBlocks
      (local.set $kc (select (i32.const 256) (i32.sub (local.get $k) (local.get $pc))
        (i32.lt_u (i32.const 256) (i32.sub (local.get $k) (local.get $pc)))))
      (local.set $ic (i32.const 0))
      (loop $rowBlocks
        (local.set $icEnd (select (i32.add (local.get $ic) (i32.const 64)) (local.get $rowPanels)
          (i32.lt_u (i32.add (local.get $ic) (i32.const 64)) (local.get $rowPanels))))
        (local.set $jr (i32.const 0))
        (loop $cols
          (local.set $ir (local.get $ic))
          (loop $rows
            (call $tile
              ;; A panel ir from p = pc
              (i32.add (local.get $packedA) (i32.shl (i32.add (i32.mul (local.get $ir) (local.get $k)) (local.get $pc)) (i32.const 4)))
              ;; B panel jr from p = pc
              (i32.add (local.get $packed) (i32.shl (i32.add (i32.mul (local.get $jr) (local.get $k)) (local.get $pc)) (i32.const 5)))
              ;; C tile (ir, jr)
              (i32.add (local.get $c) (i32.add (i32.mul (i32.shl (local.get $ir) (i32.const 2)) (local.get $ldc)) (i32.shl (local.get $jr) (i32.const 5))))
              (local.get $ldc)
              (local.get $kc)
              (i32.eqz (local.get $pc)))
            (local.set $ir (i32.add (local.get $ir) (i32.const 1)))
            (br_if $rows (i32.lt_u (local.get $ir) (local.get $icEnd))))
          (local.set $jr (i32.add (local.get $jr) (i32.const 1)))
          (br_if $cols (i32.lt_u (local.get $jr) (local.get $colPanels))))
        (local.set $ic (local.get $icEnd))
        (br_if $rowBlocks (i32.lt_u (local.get $ic) (local.get $rowPanels))))
      (local.set $pc (i32.add (local.get $pc) (local.get $kc)))
      (br_if $kBlocks (i32.lt_u (local.get $pc) (local.get $k)))))
)
