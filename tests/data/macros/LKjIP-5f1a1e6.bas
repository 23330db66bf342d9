Attribute VB_Name = "LKjIP"
' Tombol templat lkjip_xl (Hitung Ulang, Periksa).
'
' Setiap tombol menjalankan Python melalui RunPython dari modul xlwings di buku kerja ini.
' Kodenya ada di paket Python lkjip_xl (lkjip_xl.excel.buttons); pengaturannya di lembar
' xlwings.conf. Sumber modul ini: lkjip_xl/macros/LKjIP.bas (lihat macros/README.md).
' Jangan mengubah modul ini di Excel: templat dibangun ulang dari sumbernya.
Option Explicit

' Hitung ulang semua sel hasil buku kerja ini (hanya sel hasil yang diubah).
Public Sub HitungUlang()
    RunPython "import lkjip_xl.excel.buttons as b; b.hitung_ulang()"
End Sub

' Periksa isian buku kerja ini dan tampilkan masalah yang ditemukan.
Public Sub Periksa()
    RunPython "import lkjip_xl.excel.buttons as b; b.periksa()"
End Sub
