function foo(){return 42}function bar(){return 24}foo();bar();
//# sourceMappingURL=basic-mapping.js.map
