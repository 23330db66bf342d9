Attribute VB_Name = "LKjIP"
' Tombol templat lkjip_xl (Hitung Ulang, Periksa).
'
' Setiap tombol menjalankan Python melalui RunPython dari modul xlwings di buku kerja ini.
' Kodenya ada di paket Python lkjip_xl (lkjip_xl.excel.buttons); pengaturannya di lembar
' xlwings.conf. Sumber modul ini: lkjip_xl/macros/LKjIP.bas (lihat macros/README.md).
' Jangan mengubah modul ini di Excel: templat dibangun ulang dari sumbernya.
Option Explicit

' RunPython memberi -1 bila Python berakhir dengan galat. lkjip_xl sendiri tidak pernah berakhir
' begitu (kegagalannya ditampilkan di kotak pesannya sendiri), jadi -1 berarti Python atau
' lkjip_xl tidak dapat dijalankan di komputer ini; xlwings sudah menampilkan kata-kata Python
' (berbahasa Inggris), dan pesan di bawah mengatakan apa yang harus dilakukan.
Private Const PYTHON_BERHENTI As String = _
    "Python tidak dapat menjalankan lkjip_xl (pesan Python ada di kotak sebelumnya)."

' Hitung ulang semua sel hasil buku kerja ini (hanya sel hasil yang diubah).
Public Sub HitungUlang()
    On Error GoTo Gagal
    If RunPython("import lkjip_xl.excel.buttons as b; b.hitung_ulang()") = -1 Then
        TidakBerjalan "Hitung Ulang", "hitung", PYTHON_BERHENTI
    End If
    Exit Sub
Gagal:
    TidakBerjalan "Hitung Ulang", "hitung", "Excel tidak dapat menjalankan Python: " & Err.Description
End Sub

' Periksa isian buku kerja ini dan tampilkan masalah yang ditemukan.
Public Sub Periksa()
    On Error GoTo Gagal
    If RunPython("import lkjip_xl.excel.buttons as b; b.periksa()") = -1 Then
        TidakBerjalan "Periksa", "periksa", PYTHON_BERHENTI
    End If
    Exit Sub
Gagal:
    TidakBerjalan "Periksa", "periksa", "Excel tidak dapat menjalankan Python: " & Err.Description
End Sub

' Pesan ini sengaja tidak memuat kata kunci yang ditandai olevba (misalnya nama perintah
' pembuat konfigurasi xlwings): semua kata kunci itu tetap hanya ada di modul milik xlwings.
' Tanpa penangkap galat ini, galat VBA membuka kotak galat Excel berbahasa Inggris dengan tombol
' Debug yang membawa pengguna ke editor VBA.
Private Sub TidakBerjalan(tombol As String, perintah As String, sebab As String)
    MsgBox "Tombol " & tombol & " tidak berjalan. " & sebab & vbNewLine & vbNewLine & _
        "Yang diperlukan di komputer ini (minta bantuan bagian TI):" & vbNewLine & _
        "1. Python 3.11 atau lebih baru, dengan lkjip_xl terpasang di dalamnya." & vbNewLine & _
        "2. Excel menemukan Python itu: Python tersebut ada di PATH, atau baris Interpreter_Win " & _
        "berisi jalur lengkap python.exe-nya ditambahkan tepat di bawah baris terakhir lembar " & _
        "tersembunyi xlwings.conf (petunjuk TI: README lkjip_xl)." & vbNewLine & _
        vbNewLine & "Tanpa tombol: simpan dan tutup buku kerja ini, lalu di jendela perintah " & _
        "(cmd) jalankan:" & vbNewLine & "lkjip-xl " & perintah & " """ & ThisWorkbook.FullName & """", _
        vbExclamation, "lkjip_xl: " & tombol
End Sub
