// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";

import {Kith} from "../../contracts/Kith.sol";
import {IKithPosts} from "../../contracts/interfaces/IKithPosts.sol";

/// @notice Shared setup for the Kith tests: a fresh `Kith`, named actors and action helpers that
///         prank the right custody so each test reads as the user story it checks.
abstract contract KithTestSuite is Test {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    // Literal digests, not `sha256(...)` expressions: those run as a precompile call, which would
    // consume a pending `vm.prank` meant for the Kith call they are an argument of.
    /// @dev sha256("kith profile metadata v1")
    bytes32 internal constant METADATA_HASH = 0xb94f9976fdf630a89889ace93950c4a8a44717455b4b843b2f8c9ec747fc1059;
    /// @dev sha256("gm")
    bytes32 internal constant CONTENT_HASH = 0xa474219e5e9503c84d59500bb1bda3d9ade81e52d9fa1c234278770892a6dd74;
    string internal constant URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";

    /// @dev Storage slots of `Kith`, used only by `_forgeProfile` (and checked there through the views).
    uint256 private constant _PROFILE_COUNT_SLOT = 4;
    uint256 private constant _PROFILES_SLOT = 5;

    /// @dev Characters allowed after the first one; the first must be one of the first 26.
    bytes private constant _HANDLE_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_";

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    Kith internal kith;

    address internal alice;
    address internal bob;
    address internal carol;
    address internal dave;
    /// @dev Recovery address used for alice's profile in the recovery tests.
    address internal guardian;
    /// @dev Holds no profile and no role.
    address internal mallory;

    /*//////////////////////////////////////////////////////////////
                                  SETUP
    //////////////////////////////////////////////////////////////*/

    function setUp() public virtual {
        kith = new Kith();
        alice = makeAddr("alice");
        bob = makeAddr("bob");
        carol = makeAddr("carol");
        dave = makeAddr("dave");
        guardian = makeAddr("guardian");
        mallory = makeAddr("mallory");
    }

    /*//////////////////////////////////////////////////////////////
                             PROFILE HELPERS
    //////////////////////////////////////////////////////////////*/

    function _register(address custody, string memory handle) internal returns (uint256 profileId) {
        return _register(custody, handle, address(0));
    }

    function _register(address custody, string memory handle, address recovery) internal returns (uint256 profileId) {
        vm.prank(custody);
        profileId = kith.register(handle, recovery, METADATA_HASH);
    }

    /// @dev Registers `count` profiles with generated handles ("user1", "user2", ...), each held by
    ///      its own address. Returns the id of the first one (the rest follow sequentially).
    function _registerMany(uint256 count) internal returns (uint256 firstId) {
        firstId = kith.profileCount() + 1;
        for (uint256 i; i < count; ++i) {
            string memory handle = string.concat("user", vm.toString(firstId + i));
            _register(makeAddr(handle), handle);
        }
    }

    /// @dev Makes `profileId` exist with `custody`, without registering the ids below it. Lets fuzz
    ///      tests use any id below 2**96 (the graph's key packing matters for large ids). Writes
    ///      `Kith`'s storage directly, then proves through the public views that the write landed.
    function _forgeProfile(uint256 profileId, address custody) internal {
        if (kith.profileCount() < profileId) {
            vm.store(address(kith), bytes32(_PROFILE_COUNT_SLOT), bytes32(profileId));
        }
        bytes32 slot = keccak256(abi.encode(profileId, _PROFILES_SLOT));
        vm.store(address(kith), slot, bytes32(uint256(uint160(custody))));
        assertEq(kith.custodyOf(profileId), custody, "storage layout changed: _profiles slot");
        assertGe(kith.profileCount(), profileId, "storage layout changed: profileCount slot");
    }

    /*//////////////////////////////////////////////////////////////
                              GRAPH HELPERS
    //////////////////////////////////////////////////////////////*/

    function _follow(uint256 followerId, uint256 followeeId) internal {
        vm.prank(kith.custodyOf(followerId));
        kith.follow(followerId, followeeId);
    }

    function _unfollow(uint256 followerId, uint256 followeeId) internal {
        vm.prank(kith.custodyOf(followerId));
        kith.unfollow(followerId, followeeId);
    }

    function _block(uint256 blockerId, uint256 blockedId) internal {
        vm.prank(kith.custodyOf(blockerId));
        kith.blockProfile(blockerId, blockedId);
    }

    function _unblock(uint256 blockerId, uint256 blockedId) internal {
        vm.prank(kith.custodyOf(blockerId));
        kith.unblockProfile(blockerId, blockedId);
    }

    /*//////////////////////////////////////////////////////////////
                               POST HELPERS
    //////////////////////////////////////////////////////////////*/

    function _post(uint256 profileId, bytes32 contentHash) internal returns (uint256 postId) {
        vm.prank(kith.custodyOf(profileId));
        postId = kith.post(profileId, contentHash, URI);
    }

    /// @dev The documented id formula, written out independently of the contract.
    function _expectedPostId(uint256 profileId, IKithPosts.PostKind kind, uint256 targetId, bytes32 contentHash)
        internal
        pure
        returns (uint256)
    {
        return profileId << 160 | uint160(uint256(keccak256(abi.encode(profileId, kind, targetId, contentHash))));
    }

    /*//////////////////////////////////////////////////////////////
                              HANDLE HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev A valid handle of 3 to 16 characters derived from `seed`.
    function _validHandle(uint256 seed) internal pure returns (string memory) {
        return string(_validHandleBytes(seed, 3 + seed % 14));
    }

    function _validHandleBytes(uint256 seed, uint256 length) internal pure returns (bytes memory out) {
        bytes memory alphabet = _HANDLE_ALPHABET;
        out = new bytes(length);
        for (uint256 i; i < length; ++i) {
            uint256 random = uint256(keccak256(abi.encode(seed, i)));
            out[i] = alphabet[random % (i == 0 ? 26 : alphabet.length)];
        }
    }

    /// @dev The handle rule for one byte, restated from the interface docs.
    function _isHandleByte(bytes1 character, uint256 index) internal pure returns (bool) {
        bool isLetter = character >= "a" && character <= "z";
        bool isDigit = character >= "0" && character <= "9";
        return isLetter || (index != 0 && (isDigit || character == "_"));
    }

    /*//////////////////////////////////////////////////////////////
                               MISC HELPERS
    //////////////////////////////////////////////////////////////*/

    function _ids(uint256 a) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](1);
        ids[0] = a;
    }

    function _ids(uint256 a, uint256 b) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](2);
        (ids[0], ids[1]) = (a, b);
    }

    function _ids(uint256 a, uint256 b, uint256 c) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](3);
        (ids[0], ids[1], ids[2]) = (a, b, c);
    }

    /// @dev `count` consecutive ids starting at `firstId`.
    function _idRange(uint256 firstId, uint256 count) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            ids[i] = firstId + i;
        }
    }

    /// @dev Asserts that `log` is a `kith` event `topic0` with these two indexed args and no data.
    function _assertLog(Vm.Log memory log, bytes32 topic0, uint256 topic1, uint256 topic2) internal view {
        assertEq(log.emitter, address(kith), "emitter");
        assertEq(log.topics.length, 3, "topic count");
        assertEq(log.topics[0], topic0, "event");
        assertEq(uint256(log.topics[1]), topic1, "first indexed arg");
        assertEq(uint256(log.topics[2]), topic2, "second indexed arg");
        assertEq(log.data.length, 0, "data");
    }
}
