from voicesim.cli import main

main()
