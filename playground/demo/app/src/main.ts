declare const __CONFIG_FILE__: string

// A debug line that inlines where the config lived on the build machine.
document.querySelector('#app')!.textContent = `config: ${__CONFIG_FILE__}`
