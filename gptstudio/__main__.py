from gptstudio.cli import main

raise SystemExit(main())
