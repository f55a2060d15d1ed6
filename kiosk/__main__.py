"""`python -m kiosk`, and the packaged kiosk's entry point (kiosk.spec): the `kiosk` command."""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen child process runs its task, not the kiosk
    from kiosk.cli import main

    main()
