function foo(){return 42}function bar(){return 24}foo();bar();
//# sourceMappingURL=invalid-mapping-bad-separator.js.map
