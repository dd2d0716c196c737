from okrtui.cli import main

raise SystemExit(main())
